"""Signed titles are marked the same whether the results are copied or owned (marked in place)."""
import copy
from datetime import date

from emulation.engine.decisions import attach_decisions, mark_signed
from emulation.engine.yeardata import AwardedData, DecisionData

RESULTS = {"bloc": "B", "units": [{"code": "U1", "decisions": [{"title": "TT", "decision": "awarded"}]}],
           "individuals": [{"code": "P1", "decisions": [{"title": "LDTT", "decision": "awarded"},
                                                        {"title": "CSTDCS", "decision": "not_awarded"}]},
                           {"code": "P2", "decisions": [{"title": "LDTT", "decision": "awarded"}]}]}
DECISION = DecisionData("45/QĐ", "unit", date(2025, 12, 28), "U1", "Giám đốc A", "Giám đốc",
                        (AwardedData("LDTT", "P1"),))


def test_marking_in_place_gives_what_the_copy_gives_and_the_copy_leaves_its_source_alone():
    source = copy.deepcopy(RESULTS)
    copied = attach_decisions(source, [DECISION])
    assert source == RESULTS                    # the copy changed nothing of what it was given
    owned = copy.deepcopy(RESULTS)
    assert mark_signed(owned, [DECISION]) is owned and owned == copied
    p1, p2 = copied["individuals"]
    assert p1["decisions"][0]["signed"]["number"] == "45/QĐ"
    assert "signed" not in p1["decisions"][1]                  # not awarded: nothing to sign
    assert p2["decisions"][0]["signed"] is None                # awarded, proposed only
    assert copied["units"][0]["decisions"][0]["signed"] is None
