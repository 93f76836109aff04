"""Signing a year: the bloc agreement plus each unit plugin's criteria, frozen for that year."""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from emulation.engine.criteria import Agreement, CriteriaError, find_agreement, load_agreement, validate_tree
from sqlalchemy import select

from emulation.engine.yeardata import SheetData, SignedCriterion, UnitData, YearData
from emulation.extensions import db
from emulation.models import Bloc, Unit
from emulation.plugin_host.registry import RegisteredUnit, Registry
from emulation.storage.audit import Actor
from emulation.storage.database import write_year


def signed_criteria(agreement: Agreement, units: list[RegisteredUnit]) -> list[SignedCriterion]:
    """Return the year's criteria: the agreement's common ones, then each unit's own under the unit group.

    Raise CriteriaError naming the plugin when a unit's criteria do not fit the agreement.
    """
    common = {spec.code: spec for spec in agreement.criteria}
    unit_group = common[agreement.unit_group]
    signed = [SignedCriterion(spec, None, position) for position, spec in enumerate(agreement.criteria)]
    for unit in units:
        where = f"Plugin '{unit.plugin}' (đơn vị {unit.spec.code})"
        own = [dataclasses.replace(s, parent=s.parent or agreement.unit_group) for s in unit.criteria]
        clash = next((s.code for s in own if s.code in common), None)
        if clash:
            raise CriteriaError(f"{where}: mã tiêu chí '{clash}' trùng với tiêu chí chung của giao ước "
                                f"(duplicate criterion code)")
        top = sum(s.max_points for s in own if s.parent == agreement.unit_group and s.kind not in ("bonus", "deduction"))
        if abs(top - unit_group.max_points) > 1e-9:
            raise CriteriaError(f"{where}: tổng điểm tối đa các tiêu chí riêng là {top:g}, nhóm "
                                f"'{agreement.unit_group}' của giao ước là {unit_group.max_points:g} "
                                f"(max points do not add up)")
        validate_tree(list(agreement.criteria) + own, where)
        start = len(signed)
        signed += [SignedCriterion(spec, unit.spec.code, start + i) for i, spec in enumerate(own)]
    return signed


def new_year(registry: Registry, criteria_dir: Path, bloc: str, year: int, bloc_name: str = "") -> YearData:
    """Return an empty, signed year of `bloc`: its units, frozen criteria and a draft sheet per unit."""
    agreement = find_agreement(Path(criteria_dir) / "agreements", bloc, year)
    units = registry.units_of_bloc(bloc)
    if not units:
        raise CriteriaError(f"Không có plugin nào cung cấp đơn vị cho khối {bloc} (no units for this bloc)")
    return YearData(
        bloc=bloc, bloc_name=bloc_name or agreement.extra.get("bloc_name", bloc), year=year,
        review_on=date(year, 12, 31), agreement_name=agreement.name, total_max=agreement.total_max,
        unit_group=agreement.unit_group,
        units=[UnitData(u.spec.code, u.spec.name, u.spec.short_name, u.plugin) for u in units],
        criteria=signed_criteria(agreement, units),
        sheets=[SheetData(u.spec.code, "draft") for u in units],
    )


def available_agreements(criteria_dir: Path) -> list[Agreement]:
    """Return every agreement file in `criteria_dir`/agreements, by bloc then year; a bad file raises CriteriaError."""
    files = sorted((Path(criteria_dir) / "agreements").glob("*.toml"))
    return sorted((load_agreement(path) for path in files), key=lambda a: (a.bloc, a.year))


def sign_year(registry: Registry, criteria_dir: Path, bloc: str, year: int, bloc_name: str = "", *,
              actor: Actor) -> YearData:
    """Sign and store a new year of `bloc`, audited as `actor`'s; all or nothing.

    A bloc already stored keeps its name (unless `bloc_name` is given) and its units their names: the
    bloc's other years read them, so a rename here would change what those years published.
    Raise CriteriaError or StoreError for the user.
    """
    data = as_stored(new_year(registry, criteria_dir, bloc, year, bloc_name), keep_bloc_name=not bloc_name)
    write_year(data, actor=actor, action="sign")
    return data


def as_stored(data: YearData, *, keep_bloc_name: bool = True) -> YearData:
    """Return `data` with the stored bloc's name and its stored units' names, short names and plugins."""
    stored = db.session.execute(select(Bloc).where(Bloc.code == data.bloc)).scalar_one_or_none()
    if stored is None:
        return data
    units = {unit.code: unit for unit in db.session.execute(select(Unit).where(Unit.bloc_id == stored.id)).scalars()}
    return dataclasses.replace(
        data, bloc_name=stored.name if keep_bloc_name else data.bloc_name,
        units=[UnitData(u.code, units[u.code].name, units[u.code].short_name, units[u.code].plugin)
               if u.code in units else u for u in data.units])
