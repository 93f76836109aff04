"""Reading the registrations page's fields into entries; a field the post leaves out keeps its stored value."""
from __future__ import annotations

import re

from flask_babel import gettext as _

from emulation.registrations.service import CollectiveEntry, PersonEntry
from emulation.web.forms import posted, read_version


def read_registrations(formdata, current) -> tuple[dict, dict, dict[str, str]]:
    """Return (collective entries, person entries, errors by field name) from the registrations page's fields."""

    collectives, people, errors = {}, {}, {}
    for collective, _titles, fact in current.collectives:
        code = collective.code
        names = [f"c-version-{code}", f"c-rating-{code}", f"c-plan-{code}",
                 *(f"c-title-{code}-{t.code}" for t in current.collective_titles)]
        if not posted(formdata, *names):
            continue        # a collective the post does not mention stays as it is
        # Check boxes are absent when unticked; the row's version field says the row was on the form.
        titles = frozenset(t.code for t in current.collective_titles if formdata.get(f"c-title-{code}-{t.code}"))
        collectives[code] = CollectiveEntry(
            titles, _choice(formdata, f"c-rating-{code}", fact.task_rating if fact else None),
            bool(formdata.get(f"c-plan-{code}")), read_version(formdata, f"c-version-{code}"))
    for person, title, fact in current.people:
        code = person.code
        if not posted(formdata, *(f"p-{name}-{code}" for name in ("version", "title", "rating", "discipline",
                                                                    "initiatives", "months"))):
            continue        # a person the post does not mention stays as they are
        raw = formdata.get(f"p-initiatives-{code}", str(fact.initiatives if fact else 0)).strip()
        if not re.fullmatch(r"[0-9]{1,4}", raw):
            errors[f"p-initiatives-{code}"] = _("Số sáng kiến phải là số nguyên không âm.")
            continue
        months, problem = _months_not_counted(formdata, code)
        if problem:
            errors[f"p-months-{code}"] = problem
            continue
        people[code] = PersonEntry(_choice(formdata, f"p-title-{code}", title),
                                   _choice(formdata, f"p-rating-{code}", fact.task_rating if fact else None),
                                   _choice(formdata, f"p-discipline-{code}", fact.discipline if fact else None),
                                   int(raw), read_version(formdata, f"p-version-{code}"), months)
    return collectives, people, errors


def _choice(formdata, name: str, stored: str | None) -> str | None:
    """Return the option chosen in `name` ("" chooses none), or `stored` when the post does not carry the field."""
    return (formdata.get(name) or None) if name in formdata else stored


def _months_not_counted(formdata, code: str) -> tuple[int | None, str]:
    """Return the months not counted entered by hand (None when the post does not carry them), and any problem."""
    name = f"p-months-{code}"
    if name not in formdata:
        return None, ""
    raw = formdata.get(name, "").strip()
    if not re.fullmatch(r"[0-9]{1,2}", raw) or int(raw) > 12:
        return None, _("Số tháng không tính phải là số nguyên từ 0 đến 12.")
    return int(raw), ""
