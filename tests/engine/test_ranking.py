"""Ranking: the documented tie-break chain, shared ranks, bands, and the config file."""
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation.engine.ranking import (RankEntry, RankingConfig, RankingError, band_for, entries_from_scores,
                                      load_ranking_config, rank_entries, sort_key)
from emulation.engine.scoring import score_bloc

from .factories import group, line, make_year, spec


def ranks(entries, config):
    return {r.entry.code: r.rank for r in rank_entries(entries, config)}


def test_defaults_come_from_the_data_file(ranking_config):
    assert ranking_config.tie_breaks == ("deductions", "core", "code")
    assert [(b.name, b.min_share) for b in ranking_config.bands] == [
        ("Xuất sắc", 0.9), ("Tốt", 0.8), ("Khá", 0.7), ("Trung bình", 0.0)]


def test_higher_total_ranks_first(ranking_config):
    assert ranks([RankEntry("A", 80), RankEntry("B", 95), RankEntry("C", 90)], ranking_config) == \
        {"B": 1, "C": 2, "A": 3}


def test_equal_totals_fewer_deductions_first(ranking_config):
    assert ranks([RankEntry("A", 90, deductions=8), RankEntry("B", 90, deductions=2)], ranking_config) == \
        {"B": 1, "A": 2}


def test_equal_totals_and_deductions_higher_core_first(ranking_config):
    entries = [RankEntry("A", 90, 2, core=40), RankEntry("B", 90, 2, core=45)]
    assert ranks(entries, ranking_config) == {"B": 1, "A": 2}


def test_code_closes_the_default_chain(ranking_config):
    entries = [RankEntry("B", 90, 2, 40), RankEntry("A", 90, 2, 40)]
    assert ranks(entries, ranking_config) == {"A": 1, "B": 2}


def test_shared_ranks_when_the_chain_is_exhausted(ranking_config):
    config = replace(ranking_config, tie_breaks=("deductions", "core"))
    entries = [RankEntry("A", 95), RankEntry("B", 90, 2, 40), RankEntry("C", 90, 2, 40), RankEntry("D", 85)]
    result = rank_entries(entries, config)
    assert [(r.rank, r.entry.code) for r in result] == [(1, "A"), (2, "B"), (2, "C"), (4, "D")]


def test_an_empty_chain_ranks_by_total_only(ranking_config):
    config = replace(ranking_config, tie_breaks=())
    assert ranks([RankEntry("A", 90, 8), RankEntry("B", 90, 0)], config) == {"A": 1, "B": 1}


@pytest.mark.parametrize("total, band", [(900, "Xuất sắc"), (899.99, "Tốt"), (800, "Tốt"), (799.99, "Khá"),
                                         (700, "Khá"), (699.99, "Trung bình"), (0, "Trung bình")])
def test_bands_are_shares_of_the_maximum(ranking_config, total, band):
    assert band_for(total, 1000, ranking_config).name == band


def test_bands_follow_the_configured_shares(tmp_path):
    path = tmp_path / "ranking.toml"
    path.write_text('[ranking]\ntie_breaks = ["code"]\n[[band]]\ncode = "dat"\nname = "Đạt"\nmin_share = 0.5\n'
                    '[[band]]\ncode = "khong"\nname = "Không đạt"\nmin_share = 0\n', encoding="utf-8")
    config = load_ranking_config(path)
    assert band_for(50, 100, config).name == "Đạt"
    assert band_for(49.99, 100, config).name == "Không đạt"


@pytest.mark.parametrize("body, field", [
    ('[ranking]\ntie_breaks = ["vote"]\n', "tie_breaks"),
    ('[ranking]\ntie_breaks = []\n[[band]]\ncode = "x"\nname = "X"\nmin_share = 1.5\n', "min_share"),
    ('[ranking]\ntie_breaks = []\n[[band]]\ncode = "x"\nname = "X"\nmin_share = 0.5\n', "min_share"),
    ('[ranking]\ntie_breaks = []\n[[band]]\ncode = "x"\nname = "X"\nmin_shares = 0\n', "min_shares"),
    ('[ranking]\ntie_breaks = []\n', "min_share"),
])
def test_bad_ranking_files_name_the_file_and_field(tmp_path, body, field):
    path = tmp_path / "bad-ranking.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RankingError, match=f"bad-ranking.toml.*'{field}'"):
        load_ranking_config(path)


# --- properties ----------------------------------------------------------------------------------

entries_strategy = st.lists(
    st.builds(RankEntry, code=st.sampled_from("ABCDEFGH"), total=st.sampled_from([80.0, 85.5, 90.0]),
              deductions=st.sampled_from([0.0, 2.0]), core=st.sampled_from([40.0, 45.0])),
    min_size=1, max_size=8, unique_by=lambda e: e.code)
chains = st.sampled_from([(), ("deductions",), ("deductions", "core"), ("core", "deductions"),
                          ("deductions", "core", "code")])


@settings(max_examples=300, deadline=None)
@given(entries_strategy, chains)
def test_ranks_follow_totals_and_the_chain(ranking_config, entries, chain):
    config = RankingConfig(chain, ranking_config.bands)
    got = ranks(entries, config)
    for a in entries:
        better = [b for b in entries if sort_key(b, chain) < sort_key(a, chain)]
        assert got[a.code] == 1 + len(better)
        for b in entries:
            if sort_key(a, chain) == sort_key(b, chain):
                assert got[a.code] == got[b.code]


@settings(max_examples=300, deadline=None)
@given(entries_strategy, chains, st.data())
def test_raising_a_total_never_lowers_the_rank(ranking_config, entries, chain, data):
    config = RankingConfig(chain, ranking_config.bands)
    raised = data.draw(st.sampled_from(entries))
    bump = data.draw(st.floats(0.01, 20))
    before = ranks(entries, config)[raised.code]
    after = ranks([replace(e, total=e.total + bump) if e is raised else e for e in entries], config)[raised.code]
    assert after <= before


CRITERIA = [group("A", 50), spec("A.1", max_points=25, parent="A"), spec("A.2", max_points=25, parent="A"),
            group("B", 50, core=True), spec("B.1", max_points=50, parent="B"),
            spec("TR", "deduction", 10, per_item=2)]
values = st.fixed_dictionaries({"A.1": st.integers(0, 25), "A.2": st.integers(0, 25), "B.1": st.integers(0, 50),
                                "TR": st.integers(0, 5)})


@settings(max_examples=150, deadline=None)
@given(st.lists(values, min_size=2, max_size=5), st.data())
def test_raising_one_score_never_lowers_that_units_rank(ranking_config, sheets, data):
    units = [f"U{i}" for i in range(len(sheets))]
    unit = data.draw(st.sampled_from(units))
    code = data.draw(st.sampled_from(["A.1", "A.2", "B.1"]))
    limit = {"A.1": 25, "A.2": 25, "B.1": 50}[code]

    def rank_of(extra):
        lines = [line(u, c, v + (extra if (u, c) == (unit, code) else 0)) for u, s in zip(units, sheets)
                 for c, v in s.items()]
        year = make_year(units=units, criteria=CRITERIA, lines=lines)
        return ranks(entries_from_scores(score_bloc(year, "self")), ranking_config)[unit]

    room = limit - sheets[units.index(unit)][code]
    assert rank_of(data.draw(st.integers(0, room))) <= rank_of(0)
