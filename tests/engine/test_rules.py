"""Rule sets as data: selection by review date, the legal thresholds of A, B and C, overrides and bad files."""
import shutil
from datetime import date

import pytest

from emulation.engine.rules import RulesError, apply_override, load_rule_set, load_title_catalogue, select_rule_set

from .conftest import CRITERIA

RULES = CRITERIA / "rules"


def cond(rule_set, title, name):
    found = [c for c in rule_set.titles[title].conditions if c.name == name]
    assert found, f"{rule_set.code}: {title} has no condition {name}"
    return found[0]


def names(rule_set, title):
    return [c.name for c in rule_set.titles[title].conditions]


@pytest.mark.parametrize("year, code", [(2017, "A"), (2023, "A"), (2024, "B"), (2025, "C"), (2030, "C")])
def test_a_bare_year_means_its_31_december(catalogue, year, code):
    assert select_rule_set(year, RULES, None, catalogue).code == code


@pytest.mark.parametrize("day, code", [
    (date(2017, 9, 30), None), (date(2017, 10, 1), "A"),               # Decree 91/2017 in force 01/10/2017
    (date(2023, 12, 31), "A"), (date(2024, 1, 1), "B"),                # Law 06/2022 and Decree 98/2023
    (date(2025, 6, 30), "B"), (date(2025, 7, 1), "C"),                 # Decree 152/2025 replaces Decree 98/2023
    (date(2026, 9, 30), "C"), (date(2026, 10, 1), "C"),                # no amending law found: C stays in force
])
def test_the_rule_set_in_force_on_the_review_date_applies(catalogue, day, code):
    if code is None:
        with pytest.raises(RulesError, match="30/09/2017"):
            select_rule_set(day, RULES, None, catalogue)
    else:
        assert select_rule_set(day, RULES, None, catalogue).code == code


def test_a_later_rule_set_takes_over_on_its_first_day(tmp_path, catalogue):
    """An amending law's rule set (here a copy of C from 01/10/2026) applies from its effective date on."""
    directory = tmp_path / "rules"
    directory.mkdir()
    text_c = (RULES / "rule-set-c.toml").read_text(encoding="utf-8")
    write(directory, "rule-set-c.toml", text_c.replace("effective_from = 2025-07-01",
                                                       "effective_from = 2025-07-01\neffective_until = 2026-09-30"))
    write(directory, "rule-set-d.toml", text_c.replace('code = "C"', 'code = "D"').replace(
        "effective_from = 2025-07-01", "effective_from = 2026-10-01").replace('min_months = 6', 'min_months = 7'))
    before, after = (select_rule_set(day, directory, None, catalogue) for day in (date(2026, 9, 30), date(2026, 10, 1)))
    assert (before.code, after.code) == ("C", "D")
    assert cond(before, "LDTT", "months_worked")["min_months"] == 6
    assert cond(after, "LDTT", "months_worked")["min_months"] == 7


def test_a_date_no_rule_set_covers_is_a_clear_error(catalogue):
    with pytest.raises(RulesError, match="năm 2010"):
        select_rule_set(2010, RULES, None, catalogue)


def test_each_rule_set_states_its_period_citation_and_transitional_provisions(catalogue):
    described = {code: select_rule_set(date(year, 12, 15), RULES, None, catalogue).describe()
                 for code, year in (("A", 2017), ("B", 2024), ("C", 2025))}
    assert [(d["effective_from"], d["effective_until"]) for d in described.values()] == [
        ("2017-10-01", "2023-12-31"), ("2024-01-01", "2025-06-30"), ("2025-07-01", None)]
    assert "91/2017/NĐ-CP" in described["A"]["citation"]
    assert "98/2023/NĐ-CP" in described["B"]["citation"]
    assert "152/2025/NĐ-CP" in described["C"]["citation"]
    for found in described.values():
        assert found["transitional"] and all(t["text"] and t["citation"] for t in found["transitional"])


def test_catalogue_lists_the_six_titles_with_their_levels(catalogue):
    assert {c: t.level for c, t in catalogue.items()} == {
        "LDTT": "individual", "CSTDCS": "individual", "CSTD_TINH": "individual",
        "TTLDTT": "collective", "TTLDXS": "collective", "CO_THI_DUA_TINH": "unit"}
    assert catalogue["CSTDCS"].name == "Chiến sĩ thi đua cơ sở"


def test_rule_set_a_thresholds(rule_set_a):
    assert cond(rule_set_a, "LDTT", "months_worked")["min_months"] == 10
    assert cond(rule_set_a, "LDTT", "discipline")["bars_from"] == "khien_trach"
    assert cond(rule_set_a, "LDTT", "task_rating")["accepted"] == ["HTXS", "HTT"]
    assert "registration" in names(rule_set_a, "LDTT")
    quota = cond(rule_set_a, "CSTDCS", "quota")
    assert (quota["share"], quota["rounding"], quota["base"]) == (0.15, "floor", "LDTT")
    assert cond(rule_set_a, "CSTDCS", "achievement")["accepts"] == ["initiative", "research"]
    assert cond(rule_set_a, "CSTD_TINH", "consecutive_cstdcs")["years"] == 3
    ldtt_share = cond(rule_set_a, "TTLDTT", "members_ldtt")
    assert (ldtt_share["min_share"], ldtt_share["strict"]) == (0.5, True)
    xs_share = cond(rule_set_a, "TTLDXS", "members_ldtt")
    assert (xs_share["min_share"], xs_share["strict"]) == (0.7, False)
    assert cond(rule_set_a, "TTLDTT", "member_discipline")["bars_from"] == "canh_cao"
    assert cond(rule_set_a, "TTLDXS", "member_discipline")["bars_from"] == "canh_cao"
    assert cond(rule_set_a, "CO_THI_DUA_TINH", "bloc_rank")["top"] == 1
    assert "plan_targets" in names(rule_set_a, "CO_THI_DUA_TINH")


def test_rule_set_b_differences(rule_set_b):
    assert cond(rule_set_b, "LDTT", "months_worked")["min_months"] == 6
    assert "registration" not in names(rule_set_b, "LDTT")
    assert "discipline" not in names(rule_set_b, "LDTT")
    assert cond(rule_set_b, "CSTDCS", "achievement")["accepts"] == ["htxs", "initiative", "research"]
    assert "member_discipline" in names(rule_set_b, "TTLDTT")          # uncertain clause, on by default
    assert "member_discipline" not in names(rule_set_b, "TTLDXS")      # dropped by Law 06/2022
    assert "plan_completed" in names(rule_set_b, "TTLDTT")             # Art. 28(1)(a): tasks well and the plan
    assert cond(rule_set_b, "TTLDXS", "holds_ttldtt")["title"] == "TTLDTT"
    assert names(rule_set_b, "CO_THI_DUA_TINH") == ["bloc_rank", "plan_targets"]


@pytest.mark.parametrize("when", [date(2017, 12, 15), date(2024, 12, 15), date(2025, 12, 15)])
def test_every_condition_matches_its_label(catalogue, when):
    """A label that says "hoàn thành tốt" accepts HTT or better, never HT; "xuất sắc" accepts only HTXS."""
    rule_set = select_rule_set(when, RULES, None, catalogue)
    for title in rule_set.titles.values():
        for condition in title.conditions:
            if condition.kind != "task_rating":
                continue
            label = condition.label.lower()
            if "xuất sắc" in label:
                assert condition["accepted"] == ["HTXS"], (rule_set.code, title.code)
            elif "tốt" in label:
                assert condition["accepted"] == ["HTXS", "HTT"], (rule_set.code, title.code)


def test_rule_set_c_keeps_b_conditions_and_cites_decree_152(catalogue, rule_set_b):
    rule_set_c = select_rule_set(date(2025, 7, 1), RULES, None, catalogue)
    assert {code: [(c.name, c.params) for c in t.conditions] for code, t in rule_set_c.titles.items()} == \
        {code: [(c.name, c.params) for c in t.conditions] for code, t in rule_set_b.titles.items()}
    assert "152/2025" in rule_set_c.titles["LDTT"].citation


@pytest.mark.parametrize("year, law", [(2017, "Nghị định 91/2017"), (2024, "Luật TĐKT 2022")])
def test_every_condition_carries_a_citation(catalogue, year, law):
    rule_set = select_rule_set(year, RULES, None, catalogue)
    assert len(rule_set.titles) == 6
    citations = [c.citation for t in rule_set.titles.values() for c in t.conditions]
    assert all(c.strip() for c in citations)
    assert any(law in c for c in citations)


# --- overrides -----------------------------------------------------------------------------------

def write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_an_organisation_override_tightens_the_quota(tmp_path, catalogue, rule_set_a):
    path = write(tmp_path, "bo-quoc-phong.toml", """
[titles.CSTDCS.conditions.quota]
share = 0.10
rounding = "half_up"
citation = "Quy định của Bộ Quốc phòng"
""")
    tightened = apply_override(rule_set_a, path, catalogue)
    quota = cond(tightened, "CSTDCS", "quota")
    assert (quota["share"], quota["rounding"], quota.citation) == (0.10, "half_up", "Quy định của Bộ Quốc phòng")
    assert quota["base"] == "LDTT"                                     # untouched fields stay
    assert tightened.overrides == ("bo-quoc-phong.toml",)
    assert cond(rule_set_a, "CSTDCS", "quota")["share"] == 0.15        # the shipped set is unchanged


def test_override_passed_to_select_rule_set(tmp_path, catalogue):
    path = write(tmp_path, "org.toml", "[titles.LDTT.conditions.months_worked]\nmin_months = 12\n")
    assert cond(select_rule_set(2024, RULES, path, catalogue), "LDTT", "months_worked")["min_months"] == 12


def test_override_can_switch_a_condition_off_and_add_one(tmp_path, catalogue, rule_set_b):
    path = write(tmp_path, "org.toml", """
[titles.TTLDTT.conditions.member_discipline]
enabled = false

[titles.LDTT.conditions.no_discipline]
kind = "discipline"
label = "Không bị kỷ luật"
bars_from = "khien_trach"
citation = "Quy chế thi đua của cơ quan"
""")
    changed = apply_override(rule_set_b, path, catalogue)
    assert "member_discipline" not in names(changed, "TTLDTT")
    assert names(changed, "LDTT")[-1] == "no_discipline"


def test_override_limited_to_other_rule_sets_leaves_this_one(tmp_path, catalogue, rule_set_a):
    path = write(tmp_path, "org.toml", '[override]\nrule_sets = ["B"]\n[titles.CSTDCS.conditions.quota]\nshare = 0.1\n')
    assert cond(apply_override(rule_set_a, path, catalogue), "CSTDCS", "quota")["share"] == 0.15


@pytest.mark.parametrize("body, field", [
    ("[titles.CSTDCS.conditions.quota]\nshare = 1.5\n", "share"),
    ("[titles.CSTDCS.conditions.quota]\nrounding = \"up\"\n", "rounding"),
    ("[titles.LDTT.conditions.months_worked]\nmin_months = -1\n", "min_months"),
    ("[titles.LDTT.conditions.discipline]\nbars_from = \"nhac_nho\"\n", "bars_from"),
    ("[titles.LDTT.conditions.new]\nkind = \"telepathy\"\ncitation = \"x\"\n", "kind"),
    ("[titles.LDTT.conditions.new]\nkind = \"discipline\"\nbars_from = \"canh_cao\"\n", "citation"),
    ("[titles.NOBEL.conditions.x]\ncitation = \"x\"\n", "NOBEL"),
    ("[rule_set]\ncode = \"Z\"\n", "rule_set"),
])
def test_bad_overrides_name_the_override_file_and_field(tmp_path, catalogue, rule_set_a, body, field):
    path = write(tmp_path, "org-override.toml", body)
    with pytest.raises(RulesError, match=f"org-override.toml.*{field}"):
        apply_override(rule_set_a, path, catalogue)


# --- bad rule-set files --------------------------------------------------------------------------

def broken_copy(tmp_path, old, new):
    text = (RULES / "rule-set-a.toml").read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, "rule-set-x.toml", text.replace(old, new, 1))


@pytest.mark.parametrize("old, new, field", [
    ("min_months = 10", "min_months = \"ten\"", "titles.LDTT.conditions.months_worked, trường 'min_months'"),
    ("share = 0.15", "share = 15", "titles.CSTDCS.conditions.quota, trường 'share'"),
    ('citation = "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3"\n\n[titles.CSTDCS.conditions.achievement]',
     '\n[titles.CSTDCS.conditions.achievement]', "titles.CSTDCS.conditions.holds_ldtt, trường 'citation'"),
    ('title = "LDTT"', 'title = "LDXX"', "trường 'title'"),
    ("effective_until = 2023-12-31", "effective_until = 2010-12-31", "trường 'effective_until'"),
    ("effective_from = 2017-10-01", "effective_from = 2017", "trường 'effective_from'"),
    ("effective_from = 2017-10-01", "", "trường 'effective_from'"),
    ('code = "A"', "code = 1", "trường 'code'"),
    ("[rule_set]", "[rule_set", "invalid TOML"),
])
def test_bad_rule_files_name_the_file_and_field(tmp_path, catalogue, old, new, field):
    with pytest.raises(RulesError, match=r"rule-set-x\.toml.*" + field.replace(".", r"\.")):
        load_rule_set(broken_copy(tmp_path, old, new), catalogue)


def test_overlapping_rule_sets_are_refused(tmp_path, catalogue):
    directory = tmp_path / "rules"
    directory.mkdir()
    shutil.copy(RULES / "rule-set-a.toml", directory / "rule-set-a.toml")
    text = (RULES / "rule-set-b.toml").read_text(encoding="utf-8").replace("effective_from = 2024-01-01",
                                                                                      "effective_from = 2023-12-01")
    write(directory, "rule-set-b.toml", text)
    with pytest.raises(RulesError, match="15/12/2023"):
        select_rule_set(date(2023, 12, 15), directory, None, catalogue)


def test_bad_catalogue_names_the_file_and_field(tmp_path):
    path = write(tmp_path, "titles.toml", '[[title]]\ncode = "LDTT"\nname = "x"\nname_en = "x"\nlevel = "team"\n'
                                         'order = 1\n')
    with pytest.raises(RulesError, match="titles.toml.*'level'"):
        load_title_catalogue(path)
