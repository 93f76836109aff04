"""The year file: a YearData as versioned JSON (docs/year-format.md), and its strict reader."""
from __future__ import annotations

import dataclasses
import math
import types
import typing
from datetime import date, datetime

from emulation.contract import CriterionSpec
from emulation.engine.criteria import CriteriaError, largest_value, validate_tree
from emulation.engine.deadlines import misordered
from emulation.engine.yeardata import (DECISION_LEVELS, DEPARTURES, DISCIPLINE_LEVELS, EMPLOYMENTS, GENDERS, LEAVE_KINDS,
                                       LINE_REVIEW_STATES, PLACEMENT_KINDS, SHEET_STATES, TASK_RATINGS, YEAR_STATES,
                                       EvidenceData, YearData)
from emulation.errors import EmulationError
from emulation.storage.blobs import SHA256
from emulation.storage.file_types import KNOWN
from emulation.text import has_control_characters

FORMAT_NAME = "emulation-year"
FORMAT_VERSION = 3
# Version 1 lacked people's identity (birth date, gender, employment, departure), collectives' closing and
# merging, placements, leave and decisions; its files read as version 2 files without them. Version 2 lacked
# the lines' evidence files; its files read as version 3 files whose lines have none.
READABLE_VERSIONS = (1, 2, 3)


class YearFileError(EmulationError):
    """A year file is invalid; `path` is the JSON path of the bad field."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path


def to_json(data: YearData) -> dict:
    """Return `data` as the JSON-able dict of the year file, every list in a stable order."""
    body = _plain(data)
    del body["record"]
    for name in ("panel_values", "grading", "conferral"):
        if not body[name]:
            del body[name]              # a year without them keeps the file (and the hash) it had
    if "panel_values" in body:
        body["panel_values"] = sorted(body["panel_values"], key=lambda v: (v["unit"], v["criterion"], v["scorer"]))
    body["criteria"] = sorted(body["criteria"], key=lambda c: (c["position"], c["spec"]["code"]))
    for name, key in (("units", "code"), ("collectives", "code"), ("people", "code"),
                      ("person_facts", "person"), ("collective_facts", "collective"), ("sheets", "unit")):
        body[name] = sorted(body[name], key=lambda item: item[key])
    body["registrations"] = sorted(body["registrations"], key=lambda r: (r["person"] or "", r["collective"] or "",
                                                                       r["title"]))
    body["lines"] = sorted(body["lines"], key=lambda line: (line["unit"], line["criterion"]))
    for line in body["lines"]:
        if not line["files"]:
            del line["files"]       # a line without files reads as before, so the inputs' hash of a year stays
    body["history"] = sorted(body["history"], key=lambda a: (a["year"], a["title"], a["person"] or "",
                                                             a["collective"] or "", a["unit"] or ""))
    _sort_council(body)
    body["placements"] = sorted(body["placements"], key=lambda p: (p["person"], p["starts_on"], p["kind"], p["unit"],
                                                                   p["collective"] or "", p["position"]))
    body["leave"] = sorted(body["leave"], key=lambda v: (v["person"], v["starts_on"], v["kind"]))
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, **body}


def _plain(value):
    if isinstance(value, CriterionSpec):
        # to_dict leaves out the later fields at their defaults: a year signed before them dumps and hashes the same
        return {name: _plain(item) for name, item in value.to_dict().items()}
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_json(document) -> YearData:
    """Read a year file; raise YearFileError naming the JSON path of the first bad field."""
    if not isinstance(document, dict):
        raise YearFileError("$", "tệp phải là một đối tượng JSON (the file must hold a JSON object)")
    if document.get("format") != FORMAT_NAME:
        raise YearFileError("$.format", f"phải là '{FORMAT_NAME}' (not a year file)")
    if document.get("version") not in READABLE_VERSIONS:
        raise YearFileError("$.version", f"phiên bản {document.get('version')!r} không được hỗ trợ; "
                                         f"chỉ hỗ trợ {', '.join(map(str, READABLE_VERSIONS))} (unsupported version)")
    body = {k: v for k, v in document.items() if k not in ("format", "version")}
    if "record" in body:
        raise YearFileError("$.record", "trường không được hỗ trợ (unknown field)")
    data = _read(YearData, body, "$")
    data.record = document["version"] >= 2
    _check_references(data)
    return data


def _read(cls, value, path: str):
    if not isinstance(value, dict):
        raise YearFileError(path, "phải là một đối tượng (object expected)")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise YearFileError(f"{path}.{unknown[0]}", "trường không được hỗ trợ (unknown field)")
    kwargs = {}
    for name, field in fields.items():
        if name not in value:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise YearFileError(f"{path}.{name}", "thiếu trường bắt buộc (required field missing)")
            continue
        kwargs[name] = _read_value(hints[name], value[name], f"{path}.{name}")
    return cls(**kwargs)


# The ISO 8601 types of the file: what to call a bad value, and the form to use instead.
_ISO_FORMATS = {datetime: ("thời điểm", "ISO 8601 (invalid timestamp)"), date: ("ngày", "YYYY-MM-DD (invalid date)")}


def _read_value(hint, value, path: str):
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [h for h in typing.get_args(hint) if h is not type(None)]
        if value is None:
            if type(None) in typing.get_args(hint):
                return None
            raise YearFileError(path, "không được để trống (null not allowed)")
        return _read_value(options[0], value, path)
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise YearFileError(path, "phải là một danh sách (list expected)")
        item_hint = typing.get_args(hint)[0]
        items = [_read_value(item_hint, item, f"{path}[{i}]") for i, item in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if dataclasses.is_dataclass(hint):
        return _read(hint, value, path)
    if hint in _ISO_FORMATS:
        what, form = _ISO_FORMATS[hint]
        try:
            return hint.fromisoformat(value)
        except (TypeError, ValueError):
            raise YearFileError(path, f"{what} không hợp lệ {value!r}; dùng {form}") from None
    if hint is dict:
        if not isinstance(value, dict):
            raise YearFileError(path, "phải là một đối tượng (object expected)")
        _check_texts(value, path)
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise YearFileError(path, f"phải là số hữu hạn, nhận {value!r} (finite number expected)")
        return value + 0  # an int stays an int, so dump -> load -> dump is byte for byte; -0.0 becomes 0.0
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise YearFileError(path, f"phải là số nguyên, nhận {value!r} (integer expected)")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise YearFileError(path, f"phải là true hoặc false, nhận {value!r} (boolean expected)")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise YearFileError(path, f"phải là chuỗi, nhận {value!r} (string expected)")
        _check_texts(value, path)
        return value
    raise TypeError(f"unsupported field type {hint!r} at {path}")


def _check_texts(value, path: str) -> None:
    """Refuse control characters in a string, or in any string within an object or list, naming its path."""
    if isinstance(value, str):
        if has_control_characters(value):
            raise YearFileError(path, "không được chứa ký tự điều khiển (control characters not allowed)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_texts(key, path)
            _check_texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_texts(item, f"{path}[{i}]")


def _check_references(data: YearData) -> None:
    """Check what the types cannot: allowed values, and that every code refers to a record in the file."""
    _one_of("$.state", data.state, YEAR_STATES)
    units = _unique_codes("$.units", [u.code for u in data.units])
    collectives = _unique_codes("$.collectives", [c.code for c in data.collectives])
    people = _unique_codes("$.people", [p.code for p in data.people])
    for i, c in enumerate(data.collectives):
        _refers(f"$.collectives[{i}].unit", c.unit, units)
    for i, p in enumerate(data.people):
        _refers(f"$.people[{i}].unit", p.unit, units)
        if p.collective is not None:
            _refers(f"$.people[{i}].collective", p.collective, collectives)
        if p.gender is not None:
            _one_of(f"$.people[{i}].gender", p.gender, GENDERS)
    _check_record(data, collectives, people)
    for i, f in enumerate(data.person_facts):
        _refers(f"$.person_facts[{i}].person", f.person, people)
        if f.task_rating is not None:
            _one_of(f"$.person_facts[{i}].task_rating", f.task_rating, TASK_RATINGS)
        if f.discipline is not None:
            _one_of(f"$.person_facts[{i}].discipline", f.discipline, DISCIPLINE_LEVELS)
        if not 0 <= f.initiatives <= 9999:
            raise YearFileError(f"$.person_facts[{i}].initiatives", "phải từ 0 đến 9999 (0 to 9999)")
        if not 0 <= f.months_not_counted <= 12:
            raise YearFileError(f"$.person_facts[{i}].months_not_counted", "phải từ 0 đến 12 (0 to 12)")
    for i, f in enumerate(data.collective_facts):
        _refers(f"$.collective_facts[{i}].collective", f.collective, collectives)
        if f.task_rating is not None:
            _one_of(f"$.collective_facts[{i}].task_rating", f.task_rating, TASK_RATINGS)
    for i, r in enumerate(data.registrations):
        if (r.person is None) == (r.collective is None):
            raise YearFileError(f"$.registrations[{i}]", "cần đúng một trong person hoặc collective "
                                                         "(exactly one of person, collective)")
        if r.person is not None:
            _refers(f"$.registrations[{i}].person", r.person, people)
        else:
            _refers(f"$.registrations[{i}].collective", r.collective, collectives)
    criteria_by_unit = _check_criteria(data, units)
    for i, line in enumerate(data.lines):
        _refers(f"$.lines[{i}].unit", line.unit, units)
        if line.criterion not in criteria_by_unit.get(line.unit, set()):
            raise YearFileError(f"$.lines[{i}].criterion", f"tiêu chí '{line.criterion}' không thuộc bảng điểm của "
                                                           f"đơn vị '{line.unit}' (unknown criterion)")
        _one_of(f"$.lines[{i}].review_state", line.review_state, LINE_REVIEW_STATES)
        largest = largest_value(criteria_by_unit[line.unit][line.criterion])
        for name in ("self_value", "reviewed_value"):
            if (getattr(line, name) or 0) < 0:
                raise YearFileError(f"$.lines[{i}].{name}", "không được âm (must not be negative)")
            if (getattr(line, name) or 0) > largest:
                raise YearFileError(f"$.lines[{i}].{name}", f"phải từ 0 đến {largest:g} (0 to {largest:g})")
        if line.review_state == "adjusted" and not line.reason.strip():
            raise YearFileError(f"$.lines[{i}].reason", "điều chỉnh điểm phải có lý do (an adjustment needs a reason)")
        _check_files(f"$.lines[{i}].files", line.files)
    _check_panel_values(data, units, criteria_by_unit)
    for i, sheet in enumerate(data.sheets):
        _refers(f"$.sheets[{i}].unit", sheet.unit, units)
        _one_of(f"$.sheets[{i}].state", sheet.state, SHEET_STATES)
    _unique_codes("$.sheets", [s.unit for s in data.sheets])
    for i, event in enumerate(data.audit):
        if not event.key.startswith(f"{data.bloc}/{data.year}"):
            raise YearFileError(f"$.audit[{i}].key", f"'{event.key}' không thuộc năm {data.year} của khối {data.bloc} "
                                                     "(not a change of this year)")
    _check_snapshots(data, units)
    decisions = _unique_codes("$.decisions", [d.number for d in data.decisions], key="number")
    for i, decision in enumerate(data.decisions):
        _one_of(f"$.decisions[{i}].level", decision.level, DECISION_LEVELS)
        if decision.unit is not None:
            _refers(f"$.decisions[{i}].unit", decision.unit, units)
        if decision.year is not None and not 1945 <= decision.year <= 2200:
            raise YearFileError(f"$.decisions[{i}].year", "phải từ 1945 đến 2200 (1945 to 2200)")
        _length(f"$.decisions[{i}].number", decision.number, 60)
    for i, award in enumerate(data.history):
        holders = [h for h in (award.person, award.collective, award.unit) if h is not None]
        if len(holders) != 1:
            raise YearFileError(f"$.history[{i}]", "cần đúng một người, tập thể hoặc đơn vị (exactly one holder)")
        if award.person is not None:
            _refers(f"$.history[{i}].person", award.person, people)
        if award.collective is not None:
            _refers(f"$.history[{i}].collective", award.collective, collectives)
        if award.unit is not None:
            _refers(f"$.history[{i}].unit", award.unit, units)
        if award.decision is not None:
            _refers(f"$.history[{i}].decision", award.decision, decisions)
    _check_council(data, units, collectives, people)
    for name, earlier in misordered(data.deadlines):
        raise YearFileError(f"$.deadlines.{name}", f"không được trước hạn {earlier} (before {earlier})")


def _check_record(data: YearData, collectives: set[str], people: set[str]) -> None:
    """Check the HR record: people's identity and departure, collectives closed or merged, placements, leave."""
    for i, p in enumerate(data.people):
        for name, allowed in (("gender", GENDERS), ("employment", EMPLOYMENTS), ("departure", DEPARTURES)):
            if getattr(p, name) is not None:
                _one_of(f"$.people[{i}].{name}", getattr(p, name), allowed)
        if (p.departure is None) != (p.left_on is None):
            raise YearFileError(f"$.people[{i}].left_on", "ngày nghỉ và lý do nghỉ đi cùng nhau "
                                                          "(left_on and departure go together)")
    for i, c in enumerate(data.collectives):
        if c.merged_into is not None:
            _refers(f"$.collectives[{i}].merged_into", c.merged_into, collectives)
            if c.closed_on is None:
                raise YearFileError(f"$.collectives[{i}].closed_on", "tập thể đã sáp nhập cần ngày sáp nhập "
                                                                     "(a merged collective needs closed_on)")
    for i, placement in enumerate(data.placements):
        _refers(f"$.placements[{i}].person", placement.person, people)
        _one_of(f"$.placements[{i}].kind", placement.kind, PLACEMENT_KINDS)
        _length(f"$.placements[{i}].unit", placement.unit, 40)
        if placement.collective is not None:
            _length(f"$.placements[{i}].collective", placement.collective, 40)
    for i, leave in enumerate(data.leave):
        _refers(f"$.leave[{i}].person", leave.person, people)
        _one_of(f"$.leave[{i}].kind", leave.kind, LEAVE_KINDS)
        if leave.ends_on is not None and leave.ends_on < leave.starts_on:
            raise YearFileError(f"$.leave[{i}].ends_on", "không được trước ngày bắt đầu (before starts_on)")


def _length(path: str, text: str, longest: int) -> None:
    if not 0 < len(text) <= longest:
        raise YearFileError(path, f"phải có từ 1 đến {longest} ký tự (1 to {longest} characters)")


def _check_panel_values(data: YearData, units: set[str],
                        criteria_by_unit: dict[str, dict[str, CriterionSpec]]) -> None:
    """Check each scorer's value: a panel line of a unit, one value a scorer, within what the line may hold.

    A members panel's scorers are the bloc's units.
    """
    seen = set()
    for i, entry in enumerate(data.panel_values):
        path = f"$.panel_values[{i}]"
        _refers(f"{path}.unit", entry.unit, units)
        spec = criteria_by_unit[entry.unit].get(entry.criterion)
        if spec is None or not spec.panel:
            raise YearFileError(f"{path}.criterion", f"'{entry.criterion}' không phải tiêu chí nhiều người chấm của "
                                                     f"đơn vị '{entry.unit}' (not a panel criterion of the unit)")
        if spec.panel == "members":
            _refers(f"{path}.scorer", entry.scorer, units)
        if (entry.unit, entry.criterion, entry.scorer) in seen:
            raise YearFileError(f"{path}.scorer", f"'{entry.scorer}' chấm dòng này hai lần (scored twice)")
        seen.add((entry.unit, entry.criterion, entry.scorer))
        largest = largest_value(spec)
        if not 0 <= entry.value <= largest:
            raise YearFileError(f"{path}.value", f"phải từ 0 đến {largest:g} (0 to {largest:g})")


def _check_criteria(data: YearData, units: set[str]) -> dict[str, dict[str, CriterionSpec]]:
    _unique_codes("$.criteria", [c.spec.code for c in data.criteria], key="spec.code")
    for i, signed in enumerate(data.criteria):
        if signed.unit is not None:
            _refers(f"$.criteria[{i}].unit", signed.unit, units)
    by_unit = {}
    for unit in units:
        specs = data.criteria_for(unit)
        try:
            validate_tree(specs, f"đơn vị {unit}")
        except CriteriaError as exc:
            code = str(exc).split("'")[1] if "'" in str(exc) else ""
            index = next((i for i, c in enumerate(data.criteria) if c.spec.code == code), None)
            raise YearFileError(f"$.criteria[{index}].spec" if index is not None else "$.criteria", str(exc)) from None
        by_unit[unit] = {s.code: s for s in specs}
    return by_unit


def _check_snapshots(data: YearData, units: set[str]) -> None:
    """Check the published versions: numbered in order, a real hash, every entity belonging to a unit of the file."""
    previous = 0
    for i, snapshot in enumerate(data.snapshots):
        path = f"$.snapshots[{i}]"
        if snapshot.version <= previous:
            raise YearFileError(f"{path}.version", f"phải lớn hơn {previous}: các phiên bản tăng dần từ 1 "
                                                   "(versions count up from 1)")
        previous = snapshot.version
        _sha256(f"{path}.inputs_hash", snapshot.inputs_hash)
        for name, longest in (("rule_set", 40), ("created_by", 80)):
            if not 0 < len(getattr(snapshot, name)) <= longest:
                raise YearFileError(f"{path}.{name}", f"phải có từ 1 đến {longest} ký tự (1 to {longest} characters)")
        for key in ("units", "collectives", "individuals"):
            entities = snapshot.results.get(key)
            if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
                raise YearFileError(f"{path}.results.{key}", "phải là một danh sách đối tượng (list of objects expected)")
        for key in ("collectives", "individuals"):
            for j, entity in enumerate(snapshot.results[key]):
                _refers(f"{path}.results.{key}[{j}].unit", entity.get("unit"), units)


def _sha256(path: str, value: str) -> None:
    if not SHA256.fullmatch(value):
        raise YearFileError(path, "phải là SHA-256 dạng hex, 64 ký tự 0-9a-f (SHA-256 expected)")


def _check_files(path: str, files: tuple[EvidenceData, ...]) -> None:
    """Check a line's evidence files: a real hash (once per line), a name, a known media type, a size."""
    for j, file in enumerate(files):
        _sha256(f"{path}[{j}].sha256", file.sha256)
        _length(f"{path}[{j}].name", file.name, 255)
        _one_of(f"{path}[{j}].media_type", file.media_type, tuple(KNOWN))
        if file.size < 0:
            raise YearFileError(f"{path}[{j}].size", "không được âm (must not be negative)")
    _unique_codes(path, [file.sha256 for file in files], key="sha256")


def _unique_codes(path: str, codes: list[str], key: str = "code") -> set[str]:
    seen = set()
    for i, code in enumerate(codes):
        if code in seen:
            raise YearFileError(f"{path}[{i}].{key}", f"mã '{code}' bị trùng (duplicate code)")
        seen.add(code)
    return seen


def _refers(path: str, code: str, known: set[str]) -> None:
    if code not in known:
        raise YearFileError(path, f"mã '{code}' không có trong tệp (unknown reference)")


def _one_of(path: str, value: str, allowed) -> None:
    if value not in allowed:
        raise YearFileError(path, f"giá trị '{value}' không hợp lệ; dùng một trong {', '.join(allowed)}")


# --- the council's sessions and the year's decisions ----------------------------------------------------

def _sort_council(body: dict) -> None:
    """Put the sessions and decisions of the file in a stable order (members and ballots keep theirs)."""
    body["council"] = sorted(body["council"], key=lambda s: (s["unit"] or "", s["held_on"]))
    body["decisions"] = sorted(body["decisions"], key=lambda d: (d["year"] or 0, d["signed_on"] or "", d["number"]))


def _check_council(data: YearData, units: set[str], collectives: set[str], people: set[str]) -> None:
    """Check the sessions and decisions: allowed values, counts, and that every code refers to a record."""
    known = {"person": people, "collective": collectives, "unit": units}
    seen = set()
    for i, session in enumerate(data.council):
        path = f"$.council[{i}]"
        if session.unit is not None:
            _refers(f"{path}.unit", session.unit, units)
        if session.unit in seen:
            raise YearFileError(f"{path}.unit", "mỗi hội đồng chỉ có một phiên họp trong năm (one session per council)")
        seen.add(session.unit)
        for j, member in enumerate(session.members):
            if not member.name.strip():
                raise YearFileError(f"{path}.members[{j}].name", "không được để trống (required)")
        for j, ballot in enumerate(session.ballots):
            _check_holder(f"{path}.ballots[{j}]", ballot, known)
            counts = (ballot.votes_for, ballot.votes_against, ballot.votes_blank)
            if min(counts) < 0:
                raise YearFileError(f"{path}.ballots[{j}]", "số phiếu không được âm (counts must not be negative)")
            if sum(counts) > session.present:
                raise YearFileError(f"{path}.ballots[{j}]", f"tổng số phiếu {sum(counts)} vượt quá số thành viên có "
                                                            f"mặt {session.present} (more ballots than members present)")
    for i, decision in enumerate(data.decisions):
        path = f"$.decisions[{i}]"
        _one_of(f"{path}.level", decision.level, DECISION_LEVELS)
        if not decision.number.strip():
            raise YearFileError(f"{path}.number", "không được để trống (required)")
        if decision.unit is not None:
            _refers(f"{path}.unit", decision.unit, units)
        for j, award in enumerate(decision.awards):
            _check_holder(f"{path}.awards[{j}]", award, known)


def _check_holder(path: str, record, known: dict[str, set[str]]) -> None:
    holders = [kind for kind in known if getattr(record, kind) is not None]
    if len(holders) != 1:
        raise YearFileError(path, "cần đúng một người, tập thể hoặc đơn vị (exactly one holder)")
    _refers(f"{path}.{holders[0]}", getattr(record, holders[0]), known[holders[0]])
