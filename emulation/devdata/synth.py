"""A synthetic, ministry-sized emulation year for benchmarks and load tests.

``synthesize`` fills the configured database with blocs of about 25 units each, their collectives
and people, a signed agreement per bloc (the common tree of an agreement file plus plan and count
criteria of each unit under the unit group), score sheets in every state, registrations, yearly
facts and three years of title history. Everything comes from one ``random.Random(seed)``, so the
same options give the same year on SQLite and on PostgreSQL. Rows go in with bulk inserts of
``BATCH`` rows; the whole year is one transaction.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from sqlalchemy import insert, select

from emulation.contract import CriterionSpec
from emulation.engine.criteria import Agreement, load_agreement
from emulation.errors import EmulationError
from emulation.extensions import db
from emulation.models import (Award, Bloc, Collective, CollectiveFact, EmulationYear, Person, PersonFact,
                              PersonNameWord, Registration, ScoreLine, ScoreSheet, SignedCriterion, Unit)
from emulation.text import fold, name_words

BATCH = 5000
UNIT_PREFIX, PERSON_PREFIX, BLOC_PREFIX = "SU", "SP", "SB"
TEMPLATE_AGREEMENT = "ktd-ii-2017.toml"

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Nông", "Bế", "Lương", "Triệu", "Hà", "Đinh", "Mạc", "Lục", "Sầm", "Đàm")
MIDDLE_MEN = ("Văn", "Đức", "Minh", "Quốc", "Hữu", "Xuân", "Thanh", "Công", "Đình", "Mạnh")
MIDDLE_WOMEN = ("Thị", "Thị", "Ngọc", "Thu", "Hồng", "Kim", "Thanh", "Thùy", "Phương", "Lan")
GIVEN_MEN = ("An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hiếu", "Hùng", "Khánh", "Khải", "Lâm", "Long",
             "Minh", "Nam", "Phong", "Quang", "Quý", "Sơn", "Tâm", "Thắng", "Toàn", "Tuấn", "Việt", "Vinh")
GIVEN_WOMEN = ("Anh", "Chi", "Giang", "Hà", "Hạnh", "Hoa", "Huệ", "Huyền", "Lan", "Linh", "Mai", "Nga", "Ngọc",
               "Nhung", "Phương", "Thảo", "Trang", "Vân", "Yến", "Hằng", "Hương", "Dung", "Loan", "Oanh")
POSITIONS = (("Chuyên viên", 55), ("Kế toán", 4), ("Văn thư", 3), ("Kỹ sư", 10), ("Kỹ thuật viên", 8),
             ("Phó Trưởng phòng", 8), ("Trưởng phòng", 6), ("Nhân viên", 6))
UNIT_KINDS = ("Sở", "Chi cục", "Trung tâm", "Ban Quản lý", "Viện", "Văn phòng")
DOMAINS = ("Khoa học và Công nghệ", "Tài nguyên và Môi trường", "Y tế", "Giáo dục và Đào tạo",
           "Nông nghiệp và Phát triển nông thôn", "Giao thông vận tải", "Tư pháp", "Tài chính", "Xây dựng",
           "Công Thương", "Lao động – Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch", "Nội vụ",
           "Thông tin và Truyền thông", "Kế hoạch và Đầu tư")
PROVINCES = ("Cao Bằng", "Lạng Sơn", "Hà Giang", "Bắc Kạn", "Thái Nguyên", "Tuyên Quang", "Lào Cai", "Yên Bái",
             "Sơn La", "Điện Biên", "Hòa Bình", "Phú Thọ", "Nghệ An", "Thanh Hóa", "Quảng Bình", "Quảng Trị",
             "Thừa Thiên Huế", "Quảng Nam", "Bình Định", "Đắk Lắk", "Lâm Đồng", "Cần Thơ", "An Giang", "Cà Mau")
DEPARTMENTS = ("Phòng Hành chính – Tổng hợp", "Phòng Kế hoạch – Tài chính", "Phòng Nghiệp vụ",
               "Phòng Thanh tra – Pháp chế", "Phòng Quản lý chuyên ngành", "Phòng Thông tin – Tư liệu",
               "Phòng Kỹ thuật", "Phòng Dịch vụ công")
TASKS = (("Hồ sơ thủ tục hành chính được giải quyết đúng hạn", "hồ sơ"), ("Cuộc thanh tra, kiểm tra", "cuộc"),
         ("Mẫu được kiểm nghiệm, thử nghiệm", "mẫu"), ("Lớp tập huấn được tổ chức", "lớp"),
         ("Văn bản quy phạm được tham mưu ban hành", "văn bản"), ("Cơ sở được hướng dẫn, giám sát", "cơ sở"),
         ("Đề tài, dự án được nghiệm thu", "đề tài"), ("Tin, bài được đăng tải", "tin bài"),
         ("Phương tiện đo được kiểm định", "phương tiện"), ("Hộ dân được hỗ trợ, chuyển giao", "hộ"))
SHEET_MIX = (("draft", 15), ("submitted", 25), ("returned", 10), ("reviewed", 50))
RATING_MIX = (("HTXS", 20), ("HTT", 66), ("HT", 11), ("KHT", 3))
DISCIPLINE_MIX = (("khien_trach", 60), ("canh_cao", 30), ("ha_bac_luong", 10))


class SynthError(EmulationError):
    """The synthetic year cannot be created as asked; the message is for the user."""


@dataclass(frozen=True)
class SynthPlan:
    """What to generate: sizes, the year and the seed."""

    units: int = 1000
    people: int = 100_000
    blocs: int = 0                  # 0: one bloc per 25 units
    collectives_per_unit: int = 5
    criteria_per_unit: int = 12
    year: int = 2025
    seed: int = 1
    prefix: str = ""                # put before every code, to keep several synthetic organisations apart

    def bloc_count(self) -> int:
        """Return the number of blocs: as asked, or one per 25 units."""
        return max(1, min(self.units, self.blocs or round(self.units / 25)))

    def bloc_codes(self) -> list[str]:
        """Return the codes of the synthetic blocs (SB01, SB02, ...)."""
        count = self.bloc_count()
        width = max(2, len(str(count)))
        return [f"{self.prefix}{BLOC_PREFIX}{i:0{width}d}" for i in range(1, count + 1)]


def _pick(rng: random.Random, mix) -> str:
    return rng.choices([v for v, _ in mix], weights=[w for _, w in mix])[0]


def _split(rng: random.Random, total: int, parts: int, spread: float) -> list[int]:
    """Split `total` into `parts` sizes of at least 1 that vary by about ±spread (largest remainder)."""
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    raw = [w * scale for w in weights]
    sizes = [1 + int(r) for r in raw]
    for i in sorted(range(parts), key=lambda i: int(raw[i]) - raw[i])[:total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start:start + BATCH])


class _Builder:
    """Generates and inserts one synthetic year, stage by stage, reporting counts and elapsed time."""

    def __init__(self, plan: SynthPlan, agreement: Agreement, report: Callable[[str, int, float], None]):
        self.plan, self.agreement, self.report = plan, agreement, report
        self.rng = random.Random(plan.seed)
        self.started = time.perf_counter()
        self.counts: dict[str, int] = {}

    def done(self, stage: str, count: int) -> None:
        self.counts[stage] = count
        self.report(stage, count, time.perf_counter() - self.started)

    def ids(self, model, prefix: str) -> dict[str, int]:
        rows = db.session.execute(select(model.code, model.id).where(model.code.like(f"{prefix}%")))
        return dict(rows.all())

    def insert_missing(self, model, prefix: str, rows: list[dict]) -> dict[str, int]:
        existing = self.ids(model, prefix)
        _insert(model, [r for r in rows if r["code"] not in existing])
        return self.ids(model, prefix)

    # --- organisation ------------------------------------------------------------------------------

    def organisation(self) -> None:
        plan, rng = self.plan, self.rng
        self.bloc_codes = plan.bloc_codes()
        prefix = plan.prefix
        blocs = self.insert_missing(Bloc, prefix + BLOC_PREFIX, [
            {"code": code, "name": f"Khối thi đua số {i} (dữ liệu tổng hợp)"}
            for i, code in enumerate(self.bloc_codes, start=1)])
        self.bloc_ids = {code: blocs[code] for code in self.bloc_codes}
        self.done("blocs", len(self.bloc_codes))

        width = max(4, len(str(plan.units)))
        self.unit_codes = [f"{prefix}{UNIT_PREFIX}{i:0{width}d}" for i in range(1, plan.units + 1)]
        self.units_of_bloc: dict[str, list[str]] = {}
        start = 0
        for code, size in zip(self.bloc_codes, _split(rng, plan.units, len(self.bloc_codes), 0.2)):
            self.units_of_bloc[code] = self.unit_codes[start:start + size]
            start += size
        rows = []
        for bloc, codes in self.units_of_bloc.items():
            for code in codes:
                name = f"{rng.choice(UNIT_KINDS)} {rng.choice(DOMAINS)} {rng.choice(PROVINCES)}"
                rows.append({"code": code, "name": name, "short_name": code, "plugin": "emulation.synth",
                             "bloc_id": self.bloc_ids[bloc]})
        self.unit_ids = self.insert_missing(Unit, prefix + UNIT_PREFIX, rows)
        self.done("units", len(rows))

        per_unit = plan.collectives_per_unit
        self.collectives_of: dict[str, list[str]] = {}
        rows = []
        for unit in self.unit_codes:
            codes = [f"{unit}-C{i}" for i in range(1, per_unit + 1)]
            self.collectives_of[unit] = codes
            for i, code in enumerate(codes):
                name = DEPARTMENTS[i] if i < len(DEPARTMENTS) else f"Phòng Nghiệp vụ {i - len(DEPARTMENTS) + 2}"
                rows.append({"code": code, "name": name, "unit_id": self.unit_ids[unit]})
        self.collective_ids = self.insert_missing(Collective, prefix + UNIT_PREFIX, rows)
        self.done("collectives", len(rows))

        width = max(6, len(str(plan.people)))
        self.person_unit: dict[str, str] = {}
        self.person_collective: dict[str, str | None] = {}
        self.recruited: dict[str, date] = {}
        rows, number = [], 0
        for unit, size in zip(self.unit_codes, _split(rng, plan.people, plan.units, 0.7)):
            for _ in range(size):
                number += 1
                code = f"{prefix}{PERSON_PREFIX}{number:0{width}d}"
                woman = rng.random() < 0.5
                name = " ".join((rng.choice(SURNAMES), rng.choice(MIDDLE_WOMEN if woman else MIDDLE_MEN),
                                 rng.choice(GIVEN_WOMEN if woman else GIVEN_MEN)))
                collective = rng.choice(self.collectives_of[unit]) if self.collectives_of[unit] else None
                recruited = (date(plan.year, rng.randint(1, 6), rng.randint(1, 28)) if rng.random() < 0.03
                             else date(plan.year - 1, 12, 31) - timedelta(days=rng.randint(200, 12000)))
                self.person_unit[code], self.person_collective[code], self.recruited[code] = unit, collective, recruited
                rows.append({"code": code, "full_name": name, "name_key": fold(name), "position": _pick(rng, POSITIONS),
                             "unit_id": self.unit_ids[unit],
                             "collective_id": self.collective_ids[collective] if collective else None,
                             "recruited_on": recruited})
        stored = self.ids(Person, prefix + PERSON_PREFIX)
        self.person_ids = self.insert_missing(Person, prefix + PERSON_PREFIX, rows)
        # Bulk inserts skip Person's name_key validator and its name-words listener, which make people findable.
        _insert(PersonNameWord, [{"person_id": self.person_ids[r["code"]], "word": word}
                                 for r in rows if r["code"] not in stored for word in name_words(r["full_name"])])
        self.done("people", len(rows))

    # --- the year: agreement, sheets, lines ----------------------------------------------------------

    def years(self) -> None:
        plan, agreement = self.plan, self.agreement
        total_max = float(sum(s.max_points for s in agreement.criteria
                              if s.parent is None and s.kind != "deduction"))
        _insert(EmulationYear, [
            {"bloc_id": self.bloc_ids[code], "year": plan.year, "state": "open",
             "review_on": date(plan.year, 12, 15), "total_max": total_max, "unit_group": agreement.unit_group,
             "agreement_name": f"Giao ước thi đua năm {plan.year} của Khối thi đua {code} (dữ liệu tổng hợp)",
             "agreement_source": agreement.source} for code in self.bloc_codes])
        found = db.session.execute(select(EmulationYear.bloc_id, EmulationYear.id).where(
            EmulationYear.year == plan.year, EmulationYear.bloc_id.in_(self.bloc_ids.values()))).all()
        by_bloc = dict(found)
        self.year_ids = {code: by_bloc[self.bloc_ids[code]] for code in self.bloc_codes}
        self.done("years", len(self.year_ids))

    def unit_specs(self, unit: str) -> list[CriterionSpec]:
        """Return the unit's own plan and count criteria; their maxima add up to the unit group's."""
        rng, group = self.rng, self.agreement.unit_group
        group_max = next(s.max_points for s in self.agreement.criteria if s.code == group)
        count = self.plan.criteria_per_unit
        maxima = _split(rng, int(group_max), count, 0.5)
        specs = []
        for i, points in enumerate(maxima, start=1):
            name, measure = rng.choice(TASKS)
            if rng.random() < 0.7:
                specs.append(CriterionSpec(f"{unit}.{i}", name, "plan", float(points), parent=group,
                                           target=float(rng.randint(10, 500)), measure=measure,
                                           formula="standard" if rng.random() < 0.8 else "proportional"))
            else:
                per_item = rng.choice((0.5, 1.0, 2.0, 5.0))
                specs.append(CriterionSpec(f"{unit}.{i}", name, "count", float(points), parent=group,
                                           measure=measure, per_item=per_item))
        return specs

    def criteria(self) -> None:
        common = list(self.agreement.criteria)
        rows = []
        self.leaves_of: dict[str, list[CriterionSpec]] = {}
        for bloc in self.bloc_codes:
            year_id = self.year_ids[bloc]
            signed = [(spec, None) for spec in common]
            for unit in self.units_of_bloc[bloc]:
                own = self.unit_specs(unit)
                signed += [(spec, unit) for spec in own]
                self.leaves_of[unit] = [s for s in common + own if s.kind != "group"]
            rows += [{"year_id": year_id, "unit_id": self.unit_ids[unit] if unit else None, "code": spec.code,
                      "parent_code": spec.parent, "kind": spec.kind, "name": spec.name,
                      "max_points": spec.max_points, "target": spec.target, "position": position,
                      "spec": spec.to_dict()} for position, (spec, unit) in enumerate(signed)]
        _insert(SignedCriterion, rows)
        self.done("signed criteria", len(rows))

    def value(self, spec: CriterionSpec) -> float:
        rng = self.rng
        if spec.kind == "points":
            return round(spec.max_points * rng.uniform(0.6, 1.0), 1)
        if spec.kind == "pass_fail":
            return 1.0 if rng.random() < 0.92 else 0.0
        if spec.kind == "plan":
            return float(round(spec.target * rng.uniform(0.8, 1.3)))
        if spec.kind == "count":
            return float(round(spec.max_points / spec.per_item * rng.uniform(0.5, 1.2)))
        if spec.kind == "bonus":
            return float(rng.random() < 0.2)
        return float(rng.random() < 0.05)

    def line(self, spec: CriterionSpec, state: str) -> dict:
        rng = self.rng
        row = {"self_value": self.value(spec), "reviewed_value": None, "review_state": "pending", "reason": "",
               "comment": "", "evidence": f"Báo cáo số {rng.randint(1, 250)}/BC năm {self.plan.year}"
               if rng.random() < 0.6 else ""}
        if state == "draft" and rng.random() < 0.2:
            row["self_value"] = None
        elif state in ("reviewed", "returned"):
            row["review_state"] = "accepted"
            roll = rng.random()
            if roll < 0.08 and spec.kind in ("points", "plan", "count"):
                reviewed = row["self_value"] * rng.uniform(0.7, 0.95)
                row["reviewed_value"] = round(reviewed, 1) if spec.kind == "points" else float(int(reviewed))
                row["review_state"] = "adjusted"
                row["reason"] = "Minh chứng chưa đủ cho toàn bộ kết quả tự chấm; tính theo số liệu đã xác minh."
            elif state == "returned" and roll < 0.25:
                row["review_state"] = "returned"
                row["comment"] = "Đề nghị bổ sung minh chứng (báo cáo, quyết định kèm theo)."
        return row

    def sheets(self) -> None:
        rng = self.rng
        sheet_state = {}
        rows = []
        for bloc in self.bloc_codes:
            units = self.units_of_bloc[bloc]
            # every state in every bloc of four units or more, then the usual mix
            states = [state for state, _ in SHEET_MIX][:len(units)]
            states += [_pick(rng, SHEET_MIX) for _ in units[len(states):]]
            rng.shuffle(states)
            for unit, state in zip(units, states):
                sheet_state[unit] = state
                rows.append({"year_id": self.year_ids[bloc], "unit_id": self.unit_ids[unit],
                             "state": sheet_state[unit], "version": 1})
        _insert(ScoreSheet, rows)
        self.done("score sheets", len(rows))
        year_ids = list(self.year_ids.values())
        sheet_of = dict(db.session.execute(select(ScoreSheet.unit_id, ScoreSheet.id)
                                           .where(ScoreSheet.year_id.in_(year_ids))).all())
        criterion_id = {(year_id, code): cid for year_id, code, cid in db.session.execute(
            select(SignedCriterion.year_id, SignedCriterion.code, SignedCriterion.id)
            .where(SignedCriterion.year_id.in_(year_ids))).all()}
        lines = []
        for bloc in self.bloc_codes:
            year_id = self.year_ids[bloc]
            for unit in self.units_of_bloc[bloc]:
                sheet_id = sheet_of[self.unit_ids[unit]]
                for spec in self.leaves_of[unit]:
                    lines.append({"sheet_id": sheet_id, "criterion_id": criterion_id[(year_id, spec.code)],
                                  "version": 1, **self.line(spec, sheet_state[unit])})
        _insert(ScoreLine, lines)
        self.done("score lines", len(lines))

    # --- registrations, facts, history ---------------------------------------------------------------

    def people_year(self) -> None:
        plan, rng = self.plan, self.rng
        year_of = {unit: self.year_ids[bloc] for bloc, units in self.units_of_bloc.items() for unit in units}
        history, registrations, facts = [], [], []
        for code, unit in self.person_unit.items():
            person_id = self.person_ids[code]
            cstdcs = [y for y in range(plan.year - 1, plan.year - 4, -1) if rng.random() < 0.12]
            if rng.random() < 0.55:
                history.append((plan.year - 1, "LDTT", person_id, None, None))
            history += [(y, "CSTDCS", person_id, None, None) for y in cstdcs]
            roll = rng.random()
            title = ("CSTD_TINH" if len(cstdcs) >= 2 and roll < 0.3 else
                     "CSTDCS" if roll < 0.30 else "LDTT" if roll < 0.95 else None)
            if title:
                registrations.append({"year_id": year_of[unit], "title_code": title, "person_id": person_id,
                                      "collective_id": None, "version": 1})
            rating = _pick(rng, RATING_MIX)
            discipline = _pick(rng, DISCIPLINE_MIX) if rng.random() < 0.02 else None
            keen = title in ("CSTDCS", "CSTD_TINH")
            facts.append({"year_id": year_of[unit], "person_id": person_id, "task_rating": rating,
                          "discipline": discipline,
                          "initiatives": rng.choice((0, 1, 1, 2)) if keen and rng.random() < 0.7 else 0,
                          "research_accepted": rng.random() < (0.15 if keen else 0.02),
                          "provincial_initiative": rng.random() < (0.05 if keen else 0.002),
                          "months_not_counted": rng.choice((1, 2, 3)) if rng.random() < 0.02 else 0,
                          "version": 1})
        collective_facts_rows = []
        for unit, codes in self.collectives_of.items():
            for code in codes:
                collective_id = self.collective_ids[code]
                registrations.append({"year_id": year_of[unit], "title_code": "TTLDTT", "person_id": None,
                                      "collective_id": collective_id, "version": 1})
                if rng.random() < 0.25:
                    registrations.append({"year_id": year_of[unit], "title_code": "TTLDXS", "person_id": None,
                                          "collective_id": collective_id, "version": 1})
                    history.append((plan.year - 1, "TTLDXS", None, collective_id, None))
                elif rng.random() < 0.7:
                    history.append((plan.year - 1, "TTLDTT", None, collective_id, None))
                collective_facts_rows.append({"year_id": year_of[unit], "collective_id": collective_id,
                               "task_rating": _pick(rng, RATING_MIX[:3]), "plan_completed": rng.random() < 0.95,
                               "version": 1})
        for units in self.units_of_bloc.values():
            history.append((plan.year - 1, "CO_THI_DUA_TINH", None, None, self.unit_ids[rng.choice(units)]))
        _insert(Registration, registrations)
        self.done("registrations", len(registrations))
        _insert(PersonFact, facts)
        _insert(CollectiveFact, collective_facts_rows)
        self.done("yearly facts", len(facts) + len(collective_facts_rows))
        years = {h[0] for h in history}
        existing = set(db.session.execute(select(Award.year, Award.title_code, Award.person_id, Award.collective_id,
                                                 Award.unit_id).where(Award.year.in_(years))).all())
        keys = ("year", "title_code", "person_id", "collective_id", "unit_id")
        awards = [dict(zip(keys, h)) for h in history if h not in existing]
        _insert(Award, awards)
        self.done("history awards", len(awards))


def existing_years(plan: SynthPlan) -> list[str]:
    """Return the codes of the plan's blocs that already have the plan's year."""
    return list(db.session.execute(select(Bloc.code).join(EmulationYear, EmulationYear.bloc_id == Bloc.id).where(
        Bloc.code.in_(plan.bloc_codes()), EmulationYear.year == plan.year).order_by(Bloc.code)).scalars())


def synthesize(plan: SynthPlan, agreement: Agreement,
               report: Callable[[str, int, float], None] = lambda *_: None) -> dict[str, int]:
    """Create the synthetic year described by `plan` in one transaction; return the row count per stage.

    `agreement` gives the common criteria tree of every bloc; its unit group receives each unit's own
    criteria. Raise SynthError, writing nothing, when a bloc of the plan already has the year.
    """
    if plan.units < 1 or plan.people < plan.units or plan.criteria_per_unit < 1 or plan.collectives_per_unit < 0:
        raise SynthError("Cần ít nhất 1 đơn vị, 1 tiêu chí mỗi đơn vị và số cá nhân không ít hơn số đơn vị "
                         "(need at least one unit, one criterion per unit and a person per unit)")
    clash = existing_years(plan)
    if clash:
        raise SynthError(f"Khối {', '.join(clash[:5])}{' …' if len(clash) > 5 else ''} đã có năm thi đua "
                         f"{plan.year}; không tạo dữ liệu tổng hợp (the year already exists)")
    builder = _Builder(plan, agreement, report)
    try:
        builder.organisation()
        builder.years()
        builder.criteria()
        builder.sheets()
        builder.people_year()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return builder.counts


def template_agreement(criteria_dir) -> Agreement:
    """Return the agreement whose tree every synthetic bloc signs (Khối thi đua II, 2017)."""
    return load_agreement(criteria_dir / "agreements" / TEMPLATE_AGREEMENT)
