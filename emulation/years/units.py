"""Units declared as data: in a bloc's agreement file (``[[unit]]``) or by the secretariat in the app.

A data unit has no plugin: it is scored on the bloc's common criteria only. A plugin remains the way
for a unit to bring criteria and behaviour of its own; a data unit may not take a plugin unit's code.
Nothing is deleted: a unit the bloc no longer has is closed on a date and takes part in no year signed
after it.
"""
from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from emulation.engine.criteria import CODE_PATTERN, CriteriaError
from emulation.engine.yeardata import UnitData
from emulation.extensions import db
from emulation.formatting import format_date
from emulation.models import Bloc, Unit
from emulation.people.changes import CODE, audit, change, check_version, iso, refuse
from emulation.storage.audit import Actor

UNIT_FIELDS = ("code", "name", "name_en", "short_name")


def file_units(path: Path | str) -> list[UnitData]:
    """Return the ``[[unit]]`` tables of an agreement file; raise CriteriaError naming the file, unit and field.

    ``name_en`` is accepted for the file's readers; the app keeps a unit's Vietnamese name only.
    """
    path = Path(path)
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8")).get("unit", [])
    except tomllib.TOMLDecodeError as exc:
        raise CriteriaError(f"{path.name}: tệp TOML không đọc được (invalid TOML): {exc}") from exc
    units, seen = [], set()
    for table in tables:
        code = table.get("code", "?")

        def fail(field_name: str, problem: str) -> None:
            raise CriteriaError(f"{path.name}: [[unit]] '{code}', trường '{field_name}': {problem}")

        unknown = sorted(set(table) - set(UNIT_FIELDS))
        if unknown:
            fail(unknown[0], "trường không được hỗ trợ (unknown field)")
        if not isinstance(table.get("code"), str) or not CODE_PATTERN.match(table["code"]):
            fail("code", "mã không hợp lệ (letters, digits, '.', '_', '-'; at most 40)")
        if code in seen:
            fail("code", "mã đơn vị trùng lặp (duplicate unit code)")
        if not isinstance(table.get("name"), str) or not table["name"].strip():
            fail("name", "thiếu tên đơn vị (name is required)")
        for optional in ("name_en", "short_name"):
            if not isinstance(table.get(optional, ""), str):
                fail(optional, "phải là chuỗi (must be a string)")
        seen.add(code)
        units.append(UnitData(code, table["name"].strip(), table.get("short_name", "").strip()))
    return units


def stored_units(bloc: str, year: int) -> list[UnitData]:
    """Return the data units the secretariat keeps for `bloc` that are still open on 1 January of `year`."""
    rows = db.session.execute(select(Unit).join(Bloc).where(Bloc.code == bloc, Unit.plugin == "")
                              .order_by(Unit.code)).scalars()
    return [UnitData(u.code, u.name, u.short_name) for u in rows
            if u.closed_on is None or u.closed_on >= date(year, 1, 1)]


def merge_units(plugin_units: dict[str, str], source: str, in_file: list[UnitData],
                in_app: list[UnitData]) -> list[UnitData]:
    """Return the data units of a year: the agreement file's (`source`), then the app's not in the file.

    :param plugin_units: unit code -> the plugin that provides it (the app never keeps a data unit of such a code).
    Raise CriteriaError when a unit of the file takes a plugin unit's code, naming both.
    """
    clash = next((u.code for u in in_file if u.code in plugin_units), None)
    if clash is not None:
        raise CriteriaError(f"{source}: đơn vị '{clash}' trùng mã với đơn vị của plugin '{plugin_units[clash]}' "
                            f"(a data unit has a plugin unit's code)")
    found = {u.code: u for u in in_app if u.code not in plugin_units}
    found.update((u.code, u) for u in in_file)
    return sorted(found.values(), key=lambda u: u.code)


# --- the secretariat's changes ---------------------------------------------------------------------------

def units_of(bloc: Bloc) -> list[Unit]:
    """Return the bloc's units, open ones first, by code."""
    return list(db.session.execute(select(Unit).where(Unit.bloc_id == bloc.id)
                                   .order_by(Unit.closed_on.is_not(None), Unit.code)).scalars())


def state(unit: Unit) -> dict:
    """What the audit keeps of a unit."""
    return {"name": unit.name, "short_name": unit.short_name, "plugin": unit.plugin, "closed_on": iso(unit.closed_on)}


def _check_names(errors: dict[str, str], name: str, short_name: str) -> None:
    if not name:
        errors["name"] = _("Cần nhập tên đơn vị.")
    elif len(name) > 300:
        errors["name"] = _("Tên đơn vị dài quá 300 ký tự.")
    if len(short_name) > 120:
        errors["short_name"] = _("Tên viết tắt dài quá 120 ký tự.")


def add_unit(bloc: Bloc, code: str, name: str, short_name: str, plugin_units: dict[str, str], *,
             actor: Actor) -> Unit:
    """Declare a unit of `bloc` with no plugin (one transaction with its audit row).

    :param plugin_units: unit code -> plugin, the units the loaded plugins provide (their codes are taken).
    """
    with change():
        errors: dict[str, str] = {}
        if not CODE.fullmatch(code or ""):
            errors["code"] = _("Mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới (tối đa 40).")
        elif code in plugin_units:
            errors["code"] = _("Mã %(code)s là của đơn vị do plugin %(plugin)s cung cấp.", code=code,
                               plugin=plugin_units[code])
        elif db.session.execute(select(Unit.id).where(Unit.code == code)).first() is not None:
            errors["code"] = _("Mã %(code)s đã có đơn vị dùng.", code=code)
        _check_names(errors, name, short_name)
        refuse(errors)
        unit = Unit(code=code, name=name, short_name=short_name, plugin="", bloc=bloc)
        db.session.add(unit)
        db.session.flush()
        audit(actor, "unit", code, "create", None, state(unit), bloc.code)
    return unit


def rename_unit(unit: Unit, name: str, short_name: str, version: int | None, *, actor: Actor) -> None:
    """Give a unit a new name and short name; years already signed keep the names they were signed with."""
    with change():
        check_version(unit, version)
        errors: dict[str, str] = {}
        _check_names(errors, name, short_name)
        if not errors and (name, short_name) == (unit.name, unit.short_name):
            errors["name"] = _("Tên không đổi.")
        refuse(errors)
        before = state(unit)
        unit.name, unit.short_name = name, short_name
        audit(actor, "unit", unit.code, "rename", before, state(unit), unit.bloc.code)


def close_unit(unit: Unit, on: date | None, version: int | None, *, actor: Actor) -> None:
    """Close a data unit on `on`: no year signed for a later year counts it. A plugin's unit stays its plugin's."""
    with change():
        check_version(unit, version)
        errors: dict[str, str] = {}
        if unit.plugin:
            errors["on"] = _("Đơn vị do plugin %(plugin)s cung cấp; gỡ plugin để bỏ đơn vị.", plugin=unit.plugin)
        elif unit.closed_on is not None:
            errors["on"] = _("Đơn vị đã giải thể ngày %(day)s.", day=format_date(unit.closed_on))
        elif on is None:
            errors["on"] = _("Cần nhập ngày giải thể.")
        refuse(errors)
        before = state(unit)
        unit.closed_on = on
        audit(actor, "unit", unit.code, "close", before, state(unit), unit.bloc.code)
