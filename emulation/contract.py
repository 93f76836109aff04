"""The plugin contract: the hooks a unit plugin may implement and the values it returns.

Hooks are called through pluggy with keyword arguments only; an implementation may accept fewer
arguments than the spec names, never others, and a misspelt hook name stops the app at start. Every
hook returns a list; the core checks its items' types, sorts them by unit code or plugin name and
validates them when the app starts. docs/plugins.md is the reference and the guide.

A criterion may also be written as a TOML table (a unit plugin's data file, a bloc's agreement):
``criterion_from_table`` reads one, the same way for both.
"""
from dataclasses import asdict, dataclass, fields

import pluggy

hookspec = pluggy.HookspecMarker("emulation")
hookimpl = pluggy.HookimplMarker("emulation")


@hookspec
def register_units():
    """Return the units (UnitSpec) this plugin provides."""


@hookspec
def register_criteria(unit):
    """Return this plugin's own criteria (CriterionSpec) for `unit`, or [] if the unit is not its own."""


@hookspec
def validate_scores(unit, scores):
    """Return cross-criterion error messages for one unit's score sheet ([] if valid).

    :param scores: mapping of criterion code to the value entered (points, actual, count or 0/1).
    """


@hookspec
def register_export_sheets(bloc, year):
    """Return extra sheets (ExportSheet: title, columns, rows) for the year-end workbook."""


@hookspec
def register_documents(bloc, year):
    """Return extra documents (DocumentSpec: code, name, template, scope) for a bloc's year."""


@dataclass(frozen=True)
class UnitSpec:
    """A unit (đơn vị) as a plugin declares it."""

    code: str
    name: str
    bloc: str
    short_name: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class Band:
    """One step of a banded criterion: ``points`` when the measure lies within the bounds.

    A missing bound is open (no floor, no ceiling); each bound says whether the value on it belongs
    to the band, so "60% to under 80%" is ``Band(3, 0.6, 0.8)`` and "80% or more" ``Band(4, 0.8)``.
    """

    points: float
    lower: float | None = None
    upper: float | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = False

    def contains(self, value: float) -> bool:
        """Return whether `value` lies within this band's bounds."""
        if self.lower is not None and (value < self.lower or (value == self.lower and not self.lower_inclusive)):
            return False
        return self.upper is None or value < self.upper or (value == self.upper and self.upper_inclusive)


@dataclass(frozen=True)
class CriterionSpec:
    """One node of a score sheet.

    ``max_points`` is the most a node can add (for a deduction: the most it can take away).
    ``parent`` is the code of the group the node belongs to; a unit plugin's top-level nodes have
    no parent and are attached to the agreement's unit group when a year is signed.

    The fields after ``description`` came with banded criteria, amounts and named scorers; their
    defaults are the earlier behaviour, so criteria stored before them still load and score the same.
    """

    code: str
    name: str
    kind: str
    max_points: float
    parent: str | None = None
    name_en: str = ""
    target: float | None = None      # plan: the plan target for the year
    measure: str = ""                # what is counted, e.g. "phương tiện đo"
    per_item: float | None = None    # count, bonus, deduction: points per item
    formula: str = "standard"        # plan: which completion formula applies
    core: bool = False               # group: the core-tasks group used as a tie-break
    description: str = ""
    bands: tuple[Band, ...] = ()     # banded: the steps that map the measure to points
    measure_of: str = ""             # banded: "share", "count" or "ratio" (actual / target)
    amount: bool = False             # bonus, deduction: a free amount up to max instead of occurrences
    scored_by: str = "unit"          # who enters the value: unit, secretariat, reviewer or board
    panel: str = ""                  # "" one value; "members" or "scorers": several scorers' values
    combine: str = "mean"            # panel: mean, median or trimmed_mean
    self_scoring: bool = False       # panel "members": whether a unit's own value counts
    citation: str = ""               # the text the criterion's rule comes from (bands, amounts, scorers)

    def to_dict(self) -> dict:
        """Return the spec as a plain dict (the form stored when a year is signed).

        The later fields are left out while they hold their defaults, so a spec of the earlier kinds
        is stored, dumped and hashed exactly as before they existed.
        """
        data = asdict(self)
        for name in LATER_FIELDS:
            if data[name] == _DEFAULTS[name]:
                del data[name]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "CriterionSpec":
        """Build a spec from a plain dict, ignoring nothing and guessing nothing (bands may be dicts)."""
        data = dict(data)
        if "bands" in data:
            data["bands"] = tuple(b if isinstance(b, Band) else Band(**b) for b in data["bands"])
        return cls(**data)


LATER_FIELDS = ("bands", "measure_of", "amount", "scored_by", "panel", "combine", "self_scoring", "citation")
_DEFAULTS = {f.name: f.default for f in fields(CriterionSpec)}


@dataclass(frozen=True)
class ExportSheet:
    """An extra sheet a plugin adds to the year-end workbook."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class DocumentSpec:
    """A document a plugin adds to a year's documents: a Word template filled like the core's of its scope.

    ``template`` is the absolute path of a .docx file with docxtpl tags; ``scope`` is "bloc" (one
    document for the bloc) or "unit" (one per unit of ``units``, every unit when empty). The fields it
    may use are those of the core's documents of that scope (docs/documents.md).
    """

    code: str
    name: str
    template: str
    scope: str = "unit"
    units: tuple[str, ...] = ()


class SpecError(ValueError):
    """A criterion's TOML table is invalid; the message names the file, the criterion and the field."""


# A criterion's TOML table holds the spec's fields, with `max` for max_points and `group` for parent.
TABLE_FIELDS = {"code", "name", "kind", "max", "parent", "group", "name_en", "target", "measure",
                "per_item", "formula", "core", "description", "bands", "measure_of", "amount", "scored_by",
                "panel", "combine", "self_scoring", "citation"}
BAND_FIELDS = {"points", "lower", "upper", "lower_inclusive", "upper_inclusive"}


def criterion_from_table(filename: str, table_name: str, table, kind: str | None = None) -> CriterionSpec:
    """Build a CriterionSpec from one ``[[table_name]]`` table of the TOML file `filename`.

    `kind` is imposed when the table's name says it (``[[group]]``). Raise SpecError naming the file,
    the criterion and the field on an unknown or missing field or a value of the wrong shape.
    """
    if not isinstance(table, dict):
        raise SpecError(f"{filename}: [[{table_name}]]: phải là danh sách các bảng (a list of tables)")
    code = table.get("code", "?")
    unknown = set(table) - TABLE_FIELDS
    if unknown:
        raise SpecError(f"{filename}: tiêu chí '{code}', trường '{sorted(unknown)[0]}': trường không được hỗ trợ "
                        f"(unknown field in [[{table_name}]])")
    values = {("max_points" if k == "max" else k): v for k, v in table.items()}
    if "bands" in values:
        values["bands"] = _bands_from_tables(filename, code, values["bands"])
    if "group" in values:
        values["parent"] = values.pop("group")
    if kind:
        values["kind"] = kind
    for required in ("code", "name", "kind", "max_points"):
        if required not in values:
            shown = "max" if required == "max_points" else required
            raise SpecError(f"{filename}: tiêu chí '{code}', trường '{shown}': thiếu trường bắt buộc (required)")
    try:
        return CriterionSpec(**values)
    except TypeError as exc:
        raise SpecError(f"{filename}: tiêu chí '{code}': {exc}") from exc


def _bands_from_tables(filename: str, code: str, tables) -> tuple[Band, ...]:
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise SpecError(f"{filename}: tiêu chí '{code}', trường 'bands': phải là danh sách các mức (a list)")
    for number, table in enumerate(tables, start=1):
        unknown = sorted(set(table) - BAND_FIELDS)
        if unknown or "points" not in table:
            problem = f"trường '{unknown[0]}' không được hỗ trợ (unknown field)" if unknown else "cần points (required)"
            raise SpecError(f"{filename}: tiêu chí '{code}', trường 'bands': mức {number}: {problem}")
    return tuple(Band(**table) for table in tables)
