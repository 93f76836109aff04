"""The fields each template is filled with, built from the year's sources (docs/documents.md lists them).

Whatever the app does not know (a place, a number not yet given, what only a person can write) is a
marked blank, ``BLANK`` or ``BLANK_TEXT``, so the printed page shows where to write.
"""
from __future__ import annotations

from datetime import date

from emulation.documents.catalogue import COLLECTIVE, INDIVIDUAL, Document
from emulation.documents.sources import YearSources
from emulation.engine.council import evaluate_ballot
from emulation.engine.numbers import format_number, vn_percent
from emulation.i18n_reasons import (DENOMINATOR_NAMES, RATING_NAMES, Writer, message_text, reason_text,
                                    vote_threshold)
from emulation.engine.titles import AWARDED
from emulation.text import CONTROL_CHARACTERS

BLANK = "…………"
SHORT_BLANK = "……"
BLANK_TEXT = "[Phần do đơn vị, cá nhân tự viết] ……………………………………………………"
_SYMBOLS = {"registrations": "DS", "submission": "TTr", "decision": "QĐ", "summary": "BC", "council-minutes": "BB",
            "ballot-count": "BB"}
GENDERS = {"female": "Nữ", "male": "Nam"}


def clean(value):
    """Return `value` with characters Word cannot hold removed, walking lists and dicts.

    Input refuses them already (``emulation.text``); this keeps a document whole if an older record holds one.
    """
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean(item) for item in value]
    return value


def document_context(sources: YearSources, document: Document) -> dict:
    """Return the fields of `document`'s template."""
    if document.scope == COLLECTIVE:
        context = collective_report(sources, document)
    elif document.scope == INDIVIDUAL:
        context = individual_report(sources, document)
    elif document.kind.council:
        context = council_context(sources, document)
    else:
        context = scope_context(sources, document)
    return clean(context)


def vn_date(day: date | None) -> str:
    """Return 'ngày 05 tháng 01 năm 2018' (Decree 30: days below 10 and months 1 and 2 take a leading 0)."""
    if day is None:
        return f"ngày {SHORT_BLANK} tháng {SHORT_BLANK} năm {SHORT_BLANK}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def money(amount) -> str:
    """Return a reward in đồng with thousands marks, or the blank when the results carry none."""
    return BLANK if amount is None else format_number(amount, 0, grouped=True)


def points(value) -> str:
    """Return a score the Vietnamese way (at most two decimals)."""
    return format_number(value, 2, grouped=True)


def header(sources: YearSources, document: Document, issuer: str, short: str) -> dict:
    """Return the heading fields every document shares (Decree 30's national title is in the template)."""
    symbol = _SYMBOLS.get(document.kind.code, "")
    return {"year": sources.year.year, "bloc_name": sources.bloc.name, "issuer_name": issuer,
            "parent_body": "", "issuing_body": issuer.upper(),
            "number": f"{BLANK}/{symbol}-{short}" if symbol else f"{BLANK}/{short}",
            "place_date": f"{BLANK}, {vn_date(None)}", "blank": BLANK, "blank_text": BLANK_TEXT,
            "rule_set": sources.results["rule_set"]["name"], "stamped": True, "signer_name": BLANK,
            "signer_office": "", "recipients": ["Như trên;", f"Lưu: VT, {short}."]}


def scope_context(sources: YearSources, document: Document) -> dict:
    """Return the fields of a bloc's or a unit's document: its lists, groups, statistics and ranking."""
    results = sources.results
    unit = sources.unit(document.unit) if document.unit else None
    codes = [unit.code] if unit else [u.code for u in sources.units]
    issuer, short = (unit.name, unit.code) if unit else (sources.bloc.name, sources.bloc.code)
    context = header(sources, document, issuer, short)
    collectives = [e for e in results["collectives"] if e["unit"] in codes]
    individuals = [e for e in results["individuals"] if e["unit"] in codes]
    units = [u for u in results["units"] if u["code"] in codes]
    unit_names = {u.code: u.name for u in sources.units}
    positions = _positions(sources, codes)
    context.update(
        addressee="Hội đồng Thi đua - Khen thưởng" + ("" if unit else f" {sources.bloc.name}"),
        signer_authority="THỦ TRƯỞNG ĐƠN VỊ" if unit else "TM. KHỐI THI ĐUA",
        signer_office="" if unit else "TRƯỞNG KHỐI",
        stats=_stats(sources, sources.unit_stats(unit.code) if unit else results["registration_stats"]),
        units=[_registration_rows(sources, code, unit_names[code]) for code in codes],
        unit_groups=_groups(sources, units, "unit", lambda e: {"rank": e["rank"], "total": points(e["total"])}),
        collective_groups=_groups(sources, collectives, "collective",
                                  lambda e: {"unit": unit_names.get(e["unit"], e["unit"])}),
        individual_groups=_groups(sources, individuals, "individual",
                                  lambda e: {"unit": unit_names.get(e["unit"], e["unit"]),
                                             "position": positions.get(e["code"], "")}),
        collective_count=sum(1 for e in collectives if _awarded(e)),
        individual_count=sum(1 for e in individuals if _awarded(e)),
        ranking=[{"rank": u["rank"], "name": u["name"], "self_total": points(u["self_total"]),
                  "total": points(u["total"]), "bonus": points(u["bonus"]), "deductions": points(u["deductions"]),
                  "band": u["band"]} for u in units],
    )
    context["proposed_counts"] = [{"name": group["title"], "count": len(group["rows"])}
                                  for key in ("unit_groups", "collective_groups", "individual_groups")
                                  for group in context[key]]
    if document.kind.code == "decision":
        context.update(_decision_fields(sources, unit, short, collectives + individuals, unit_names,
                                        document.decision))
    return context


def _awarded(entity: dict) -> list[dict]:
    return [d for d in entity["decisions"] if d["decision"] == AWARDED]


def _groups(sources: YearSources, entities: list[dict], level: str, extra) -> list[dict]:
    """Return one group per title of `level` awarded to any of `entities`, highest title first."""
    titles = sorted((info for info in sources.catalogue.values() if info.level == level),
                    key=lambda info: -info.order)
    nouns = {"unit": "đơn vị", "collective": "tập thể", "individual": "cá nhân"}
    groups = []
    for info in titles:
        holders = [e for e in entities if any(d["title"] == info.code for d in _awarded(e))]
        if holders:
            rows = [{"number": n, "name": e["name"], "code": e["code"], **extra(e)}
                    for n, e in enumerate(holders, start=1)]
            groups.append({"code": info.code, "title": info.name, "rows": rows,
                           "heading": f"Danh hiệu “{info.name}”: {len(rows)} {nouns[level]}"})
    return groups


def _positions(sources: YearSources, codes: list[str]) -> dict[str, str]:
    return {person.code: person.position for code in codes
            for person, _title, _fact in sources.unit_registrations(code).people}


def _title_names(sources: YearSources, codes) -> str:
    return ", ".join(sources.catalogue[c].name if c in sources.catalogue else c for c in codes)


def _registration_rows(sources: YearSources, code: str, name: str) -> dict:
    found = sources.unit_registrations(code)
    collectives = [{"name": c.name, "titles": _title_names(sources, sorted(titles)) or "—"}
                   for c, titles, _fact in found.collectives]
    people = [{"name": p.full_name, "position": p.position, "titles": _title_names(sources, [t]) if t else "—"}
              for p, t, _fact in found.people]
    for rows in (collectives, people):
        for n, row in enumerate(rows, start=1):
            row["number"] = n
    return {"code": code, "name": name, "collectives": collectives, "people": people}


def _stats(sources: YearSources, stats: dict) -> dict:
    by_title = [{"code": code, "name": sources.catalogue[code].name if code in sources.catalogue else code,
                 "count": count} for code, count in stats["by_title"].items()]
    return {"collectives": stats["collectives"], "individuals": stats["individuals"], "by_title": by_title}


def _decision_fields(sources: YearSources, unit, short: str, entities: list[dict], unit_names: dict,
                     number: str | None = None) -> dict:
    """Return the decision's number, date, signer and its attached list with the reward money of the results."""
    decision = sources.decision(unit, number)
    rewards = sources.results.get("rewards") or {}
    reward = {(line["code"], line["title"]): line["amount"] for line in rewards.get("lines", [])}
    groups, amounts = [], []
    titles = sorted((info for info in sources.catalogue.values() if info.level in ("collective", "individual")),
                    key=lambda info: (info.level != "collective", -info.order))
    for info in titles:
        rows = []
        for entity in entities:
            for awarded in _awarded(entity):
                if awarded["title"] == info.code:
                    amount = reward.get((entity["code"], info.code))
                    amounts.append(amount)
                    rows.append({"number": len(rows) + 1, "name": entity["name"], "code": entity["code"],
                                 "unit": unit_names.get(entity["unit"], entity["unit"]), "amount": money(amount)})
        if rows:
            groups.append({"code": info.code, "title": info.name, "rows": rows,
                           "heading": f"Danh hiệu “{info.name}”: {len(rows)}"})
    known = amounts and all(amount is not None for amount in amounts)
    return {"number": decision.number if decision and decision.number else f"{BLANK}/QĐ-{short}",
            "decision_date": vn_date(decision.signed_on if decision else None).removeprefix("ngày "),
            "place_date": f"{BLANK}, {vn_date(decision.signed_on if decision else None)}",
            "signer_name": decision.signer if decision and decision.signer else BLANK,
            "signer_authority": (decision.signer_title.upper() if decision and decision.signer_title
                                 else "THỦ TRƯỞNG CƠ QUAN"),
            "signer_office": "",
            "decider": (decision.signer_title.upper() if decision and decision.signer_title
                        else "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"),
            "decider_name": unit.name if unit else sources.bloc.name,
            "recipients": ["Như Điều 3;", f"Lưu: VT, {short}."],
            "award_groups": groups, "award_count": len(amounts),
            "total_amount": money(sum(amounts)) if known else BLANK}


def council_context(sources: YearSources, document: Document) -> dict:
    """Return the fields of the council's minutes and ballot count: the session, its members and each ballot.

    Each ballot's share, threshold and outcome are the engine's (``engine.council.evaluate_ballot``), the
    check the results apply, under the vote rule of the year's rule set (``criteria/council.toml``).
    """
    unit = sources.unit(document.unit) if document.unit else None
    issuer, short = (unit.name, unit.code) if unit else (sources.bloc.name, sources.bloc.code)
    context = header(sources, document, issuer, short)
    session = sources.council_session(document.unit)
    names = {e["code"]: e["name"] for key in ("units", "collectives", "individuals") for e in sources.results[key]}
    ballots = []
    for ballot in session.ballots:
        rule = (sources.council_rules.rule_for(sources.results["rule_set"]["code"], ballot.title)
                if sources.council_rules else None)
        outcome = evaluate_ballot(rule, session, ballot) if rule else None
        shown = outcome is not None and outcome.share is not None
        ballots.append({
            "number": len(ballots) + 1, "name": names.get(ballot.candidate, ballot.candidate),
            "code": ballot.candidate, "title": _title_names(sources, [ballot.title]),
            "votes_for": ballot.votes_for, "votes_against": ballot.votes_against, "votes_blank": ballot.votes_blank,
            "share": f"{ballot.votes_for}/{outcome.base} ({vn_percent(outcome.share)})" if shown else "—",
            "threshold": (f"{vote_threshold(Writer(), {'strict': rule.strict, 'wanted': rule.share})} "
                          f"{DENOMINATOR_NAMES[rule.denominator]}" if rule else "—"),
            "result": ("Đạt" if outcome.met else "Không đạt") if outcome else "—",
            "detail": (message_text(outcome.message, outcome.params, outcome.met, titles=sources.catalogue) if outcome
                       else "Không có quy định biểu quyết cho danh hiệu này"),
            "citation": rule.citation if rule else ""})
    members = [{"number": n, "name": m.name, "role": m.role or "—", "present": "Có mặt" if m.present else "Vắng mặt"}
               for n, m in enumerate(session.members, start=1)]
    chair = next((m.name for m in session.members if m.role.strip().lower().startswith("chủ tịch")), BLANK)
    context.update(
        council_name="Hội đồng Thi đua - Khen thưởng " + issuer,
        held_on=vn_date(session.held_on), held_on_short=session.held_on.strftime("%d/%m/%Y"),
        place=session.place or BLANK, members=members, member_count=len(session.members),
        present_count=session.present, absent_count=len(session.members) - session.present,
        ballots=ballots, passed_count=sum(1 for b in ballots if b["result"] == "Đạt"),
        place_date=f"{BLANK}, {vn_date(session.held_on)}",
        signer_authority="CHỦ TỌA", signer_office="", signer_name=chair, stamped=False,
        recipients=["Thành viên Hội đồng;", f"Lưu: VT, {short}."])
    return context


def _report_base(sources: YearSources, document: Document, entity: dict, level: str) -> dict:
    unit = sources.unit(entity["unit"])
    awarded = _awarded(entity)
    best = max(awarded, key=lambda d: sources.catalogue[d["title"]].order) if awarded else None
    context = header(sources, document, unit.name, unit.code)
    context.update(name=entity["name"], unit_name=unit.name, form=sources.forms[level],
                   proposed=sources.catalogue[best["title"]].name if best else BLANK,
                   reasons=[{**r, "detail": reason_text(r, titles=sources.catalogue)}
                            for r in best["reasons"] if r["met"]] if best else [],
                   recipients=[], stamped=level == "collective")
    return context


def _past(sources: YearSources, awards) -> list[dict]:
    rows = [{"year": award.year, "title": _title_names(sources, [award.title_code]),
             "decision": (f"{award.decision.number}, {vn_date(award.decision.signed_on)}" if award.decision
                          else BLANK)} for award in awards]
    return rows or [{"year": BLANK, "title": BLANK, "decision": BLANK}]


def collective_report(sources: YearSources, document: Document) -> dict:
    """Return the fields of a collective's achievement report."""
    entity = _entity(sources, "collectives", document.subject)
    collective = sources.collective(entity["code"])
    context = _report_base(sources, document, entity, "collective")
    fact = _own_fact(sources.unit_registrations(entity["unit"]).collectives, entity["code"])
    rating = fact.task_rating if fact else None
    context.update(members=sources.members(collective), task_rating=_rating(rating),
                   extra_facts="" if fact is None else
                   ("; hoàn thành kế hoạch được giao" if fact.plan_completed else "; chưa hoàn thành kế hoạch"),
                   past_awards=_past(sources, sources.past_awards(collective=collective)),
                   signer_authority="THỦ TRƯỞNG ĐƠN VỊ")
    return context


def individual_report(sources: YearSources, document: Document) -> dict:
    """Return the fields of an individual's achievement report."""
    entity = _entity(sources, "individuals", document.subject)
    person = sources.person(entity["code"])
    context = _report_base(sources, document, entity, "individual")
    fact = _own_fact(sources.unit_registrations(entity["unit"]).people, entity["code"])
    initiatives = fact.initiatives if fact else 0
    context.update(gender=GENDERS.get(person.gender, BLANK),
                   birth_date=person.birth_date.strftime("%d/%m/%Y") if person.birth_date else BLANK,
                   position=person.position or BLANK,
                   recruited_on=person.recruited_on.strftime("%d/%m/%Y") if person.recruited_on else BLANK,
                   task_rating=_rating(fact.task_rating if fact else None),
                   extra_facts=f"; {initiatives} sáng kiến được công nhận" if initiatives else "",
                   past_awards=_past(sources, sources.past_awards(person=person)),
                   signer_authority="NGƯỜI BÁO CÁO THÀNH TÍCH", signer_name=entity["name"])
    return context


def _own_fact(registrations, code: str):
    """Return the yearly facts of the collective or person `code` among a unit's (subject, titles, facts) rows, or None."""
    return next((fact for subject, _titles, fact in registrations if subject.code == code), None)


def _rating(code: str | None) -> str:
    return f"{RATING_NAMES[code]} ({code})" if code in RATING_NAMES else BLANK


def _entity(sources: YearSources, key: str, code: str) -> dict:
    return next(e for e in sources.results[key] if e["code"] == code)


def proposed(sources: YearSources, key: str, unit: str) -> list[dict]:
    """Return the collectives or individuals (`key`) of `unit` with a title awarded: those the reports are for."""
    return [e for e in sources.results[key] if e["unit"] == unit and _awarded(e)]

