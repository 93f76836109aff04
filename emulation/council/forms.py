"""Reading the council page's fields into a SessionEntry; a field the post leaves out keeps its stored value."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _

from emulation.council.decisions import DecisionEntry
from emulation.council.service import (
    MAX_VOTES,
    BallotEntry,
    CouncilView,
    MemberEntry,
    SessionEntry,
)
from emulation.text import has_control_characters
from emulation.web.forms import posted, read_version

COUNTS = ("for", "against", "blank")
EMPTY_MEMBER_ROWS, LEAST_MEMBER_ROWS = 5, 15
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def member_rows(view: CouncilView) -> int:
    """How many member rows the page offers: the stored members and a few empty rows, at least 15 in all."""
    return max((len(view.session.members) if view.session else 0) + EMPTY_MEMBER_ROWS, LEAST_MEMBER_ROWS)


def read_session(formdata, view: CouncilView) -> tuple[SessionEntry, dict[str, str]]:
    """Return the entry the post describes and the errors found while reading it, by field name."""
    errors: dict[str, str] = {}
    stored = view.session
    held_on = stored.held_on if stored else None
    if "held_on" in formdata:
        held_on = read_date(formdata.get("held_on", ""), errors)
    place = text_field(formdata, "place", stored.place if stored else "", 300, errors)
    members = _read_members(formdata, errors) if "member-rows" in formdata else None
    ballots = {}
    for candidate in view.candidates:
        names = [f"{count}-{candidate.key}" for count in COUNTS]
        if posted(formdata, *names):
            ballots[candidate.key] = _read_ballot(formdata, candidate.key, errors)
    return SessionEntry(held_on, place, members, ballots, read_version(formdata, "version")), errors


def read_date(raw: str, errors: dict[str, str], name: str = "held_on") -> date | None:
    """Return the date typed as dd/mm/yyyy (or yyyy-mm-dd), None when empty; a bad one adds an error to `name`."""
    raw = raw.strip()
    if not raw:
        return None
    found = _DATE.fullmatch(raw)
    try:
        if found and found.group(1):
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        if found:
            return date(int(found.group(6)), int(found.group(5)), int(found.group(4)))
    except ValueError:
        pass
    errors[name] = _("Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 20/12/2017.")
    return None


def text_field(formdata, name: str, stored: str, limit: int, errors: dict[str, str]) -> str:
    """Return the text posted in `name` (`stored` when absent), stripped; a bad one adds an error to `name`."""
    value = formdata.get(name, stored).strip()
    if has_control_characters(value):
        errors[name] = _("Không được chứa ký tự điều khiển.")
    elif len(value) > limit:
        errors[name] = _("Không được dài quá %(max)d ký tự.", max=limit)
    return value


def _read_members(formdata, errors: dict[str, str]) -> list[MemberEntry]:
    raw = formdata.get("member-rows", "")
    rows = int(raw) if re.fullmatch(r"[0-9]{1,3}", raw) else 0
    members = []
    for i in range(rows):
        name = text_field(formdata, f"member-name-{i}", "", 200, errors)
        role = text_field(formdata, f"member-role-{i}", "", 200, errors)
        if name:                    # a row whose name is cleared takes the member off the session
            members.append(MemberEntry(name, role, bool(formdata.get(f"member-present-{i}"))))
        elif role:
            errors[f"member-name-{i}"] = _("Nhập họ tên thành viên.")
    return members


def _read_ballot(formdata, key: str, errors: dict[str, str]) -> BallotEntry | None:
    raw = {count: formdata.get(f"{count}-{key}", "").strip() for count in COUNTS}
    if not any(raw.values()):
        return None                 # every count cleared: no vote recorded for this candidate
    values = {}
    for count, text in raw.items():
        if not text:
            values[count] = 0
        elif re.fullmatch(r"[0-9]{1,4}", text) and int(text) <= MAX_VOTES:
            values[count] = int(text)
        else:
            errors[f"{count}-{key}"] = _("Số phiếu phải là số nguyên không âm.")
            values[count] = 0
    return BallotEntry(values["for"], values["against"], values["blank"])


def read_decision(formdata, stored: DecisionEntry | None = None) -> tuple[DecisionEntry, dict[str, str]]:
    """Return the decision the post describes (its checked titles) and the errors found while reading it.

    :param stored: the decision as recorded, when the post corrects it: a field the post lacks keeps its value,
        and the titles stay as they are unless the post says it listed them (``awards-listed``).
    """
    errors: dict[str, str] = {}
    kept = stored or DecisionEntry("", None, "", None, "", "", ())
    signed_on = (read_date(formdata["signed_on"], errors, "signed_on") if "signed_on" in formdata
                 else kept.signed_on)
    listed = stored is None or "awards-listed" in formdata
    entry = DecisionEntry(
        number=text_field(formdata, "number", kept.number, 60, errors),
        signed_on=signed_on, level=formdata.get("level", kept.level),
        unit=(formdata.get("unit") or None) if "unit" in formdata or stored is None else kept.unit,
        signer=text_field(formdata, "signer", kept.signer, 200, errors),
        signer_title=text_field(formdata, "signer_title", kept.signer_title, 200, errors),
        awards=tuple(sorted(name[len("award-"):] for name in formdata if name.startswith("award-")
                            and formdata.get(name))) if listed else kept.awards)
    return entry, errors
