"""Signing a year: the bloc agreement plus each unit plugin's criteria, frozen for that year.

The year's units are the plugins' units of the bloc and the units declared as data (in the agreement
file's ``[[unit]]`` tables or by the secretariat); a data unit is scored on the common criteria only.
"""
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
from emulation.years.units import file_units, merge_units, stored_units


def signed_criteria(agreement: Agreement, units: list[RegisteredUnit]) -> list[SignedCriterion]:
    """Return the year's criteria: the agreement's common ones, then each unit's own under the unit group.

    Raise CriteriaError naming the plugin when a unit's criteria do not fit the agreement (an agreement
    without a unit group takes no unit's own criteria).
    """
    common = {spec.code: spec for spec in agreement.criteria}
    signed = [SignedCriterion(spec, None, position) for position, spec in enumerate(agreement.criteria)]
    for unit in units:
        where = f"Plugin '{unit.plugin}' (đơn vị {unit.spec.code})"
        if not unit.criteria:
            continue
        if not agreement.unit_group:
            raise CriteriaError(f"{where}: giao ước {agreement.source} không có nhóm tiêu chí riêng (unit_group) "
                                f"cho các tiêu chí riêng của đơn vị (the agreement has no unit group)")
        unit_group = common[agreement.unit_group]
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
    data_units = year_data_units(registry, criteria_dir, agreement, bloc, year)
    if not units and not data_units:
        raise CriteriaError(f"Không có đơn vị nào của khối {bloc}: không plugin nào cung cấp, giao ước và ứng dụng "
                            f"không khai báo (no units for this bloc)")
    every_unit = sorted([UnitData(u.spec.code, u.spec.name, u.spec.short_name, u.plugin) for u in units] + data_units,
                        key=lambda u: u.code)
    return YearData(
        bloc=bloc, bloc_name=bloc_name or agreement.extra.get("bloc_name", bloc), year=year,
        review_on=date(year, 12, 31), agreement_name=agreement.name, total_max=agreement.total_max,
        unit_group=agreement.unit_group, units=every_unit, grading=agreement.grading, conferral=agreement.conferral,
        criteria=signed_criteria(agreement, units),
        sheets=[SheetData(u.code, "draft") for u in every_unit],
    )


def year_data_units(registry: Registry, criteria_dir: Path, agreement: Agreement, bloc: str,
                    year: int) -> list[UnitData]:
    """Return the units of `bloc` declared as data for `year`: the agreement file's, then the app's open ones."""
    plugin_units = {code: unit.plugin for code, unit in registry.units.items()}
    in_file = file_units(Path(criteria_dir) / "agreements" / agreement.source) if agreement.source else []
    return merge_units(plugin_units, agreement.source, in_file, stored_units(bloc, year))


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
