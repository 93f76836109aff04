"""Signing freezes a year's criteria: a later edit of the agreement file changes future years only."""
import json
import shutil
from pathlib import Path

import pytest

from emulation.engine.criteria import CriteriaError, load_agreement

CRITERIA = Path(__file__).resolve().parents[2] / "criteria"


@pytest.fixture
def criteria_dir(tmp_path):
    copy = tmp_path / "criteria"
    shutil.copytree(CRITERIA, copy)
    return copy


def _criterion_names(app, year):
    output = app.test_cli_runner().invoke(args=["dump", "--bloc", "KTD-II", "--year", str(year)]).output
    return {c["spec"]["code"]: c["spec"]["name"] for c in json.loads(output)["criteria"]}


def test_a_later_edit_of_the_toml_changes_future_years_only(make_app, criteria_dir):
    app = make_app(EMULATION_CRITERIA_DIR=criteria_dir)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["sign", "--bloc", "KTD-II", "--year", "2017"]).exit_code == 0
    signed_2017 = _criterion_names(app, 2017)

    agreement_file = criteria_dir / "agreements" / "ktd-ii-2017.toml"
    text = agreement_file.read_text(encoding="utf-8")
    original = load_agreement(agreement_file).criteria[1].name
    agreement_file.write_text(text.replace(original, "Tên tiêu chí đã sửa sau khi ký"), encoding="utf-8")
    (criteria_dir / "agreements" / "ktd-ii-2018.toml").write_text(
        agreement_file.read_text(encoding="utf-8").replace("year = 2017", "year = 2018"), encoding="utf-8")

    assert _criterion_names(app, 2017) == signed_2017
    assert runner.invoke(args=["sign", "--bloc", "KTD-II", "--year", "2018"]).exit_code == 0
    code = load_agreement(agreement_file).criteria[1].code
    assert _criterion_names(app, 2018)[code] == "Tên tiêu chí đã sửa sau khi ký"
    assert _criterion_names(app, 2017)[code] == original


def test_signing_twice_is_refused(make_app):
    runner = make_app().test_cli_runner()
    assert runner.invoke(args=["sign", "--bloc", "KTD-II", "--year", "2017"]).exit_code == 0
    again = runner.invoke(args=["sign", "--bloc", "KTD-II", "--year", "2017"])
    assert again.exit_code == 1 and "đã có năm thi đua 2017" in again.output


def test_signing_is_in_the_years_history(make_app):
    runner = make_app().test_cli_runner()
    assert runner.invoke(args=["sign", "--bloc", "KTD-II", "--year", "2017"]).exit_code == 0
    runner.invoke(args=["sign", "--bloc", "KTD-II", "--year", "2017"])          # refused: adds nothing
    [signed] = json.loads(runner.invoke(args=["dump", "--bloc", "KTD-II", "--year", "2017"]).output)["audit"]
    assert (signed["actor"], signed["kind"], signed["key"], signed["action"]) == ("cli", "year", "KTD-II/2017", "sign")
    assert signed["before"] is None and signed["after"]["state"] == "open" and signed["after"]["units"] == 3
    history = runner.invoke(args=["history", "--bloc", "KTD-II", "--year", "2017"]).output
    assert "KTD-II/2017  sign" in history and "units: — → 3" in history


def test_signing_a_year_without_an_agreement_says_so(make_app):
    result = make_app().test_cli_runner().invoke(args=["sign", "--bloc", "KTD-II", "--year", "2031"])
    assert result.exit_code == 1 and "Không có giao ước" in result.output


@pytest.mark.parametrize("old, new, words", [
    ('kind = "points"', 'kind = "guess"', ["ktd-ii-2017.toml", "'A.1'", "'kind'"]),
    ("max = 30\n", "max = -30\n", ["ktd-ii-2017.toml", "'A.1'", "'max'"]),
    ("total_max = 1000", "total_max = 900", ["ktd-ii-2017.toml", "'total_max'"]),
    ('group = "A"', 'group = "Q"', ["ktd-ii-2017.toml", "'A.1'", "'parent'"]),
    ('name_en = "Plans issued', 'colour = "red"\nname_en = "Plans issued', ["'A.1'", "'colour'"]),
])
def test_a_bad_agreement_names_file_criterion_and_field(criteria_dir, old, new, words):
    path = criteria_dir / "agreements" / "ktd-ii-2017.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CriteriaError) as error:
        load_agreement(path)
    for word in words:
        assert word in str(error.value)


def test_signing_a_year_on_the_page_leaves_the_bloc_and_its_published_years_alone(make_app, criteria_dir):
    """Signing 2018 from the web page keeps the bloc's name and shows the published 2017 results unchanged."""
    from sqlalchemy import select

    from emulation.extensions import db
    from emulation.models import Bloc, User

    agreement_2017 = criteria_dir / "agreements" / "ktd-ii-2017.toml"
    (criteria_dir / "agreements" / "ktd-ii-2018.toml").write_text(
        agreement_2017.read_text(encoding="utf-8").replace("year = 2017", "year = 2018"), encoding="utf-8")
    app = make_app(EMULATION_CRITERIA_DIR=criteria_dir)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        for user in db.session.execute(select(User)).scalars():
            user.set_password("mat-khau-thu")
        db.session.commit()
        name = db.session.execute(select(Bloc.name).where(Bloc.code == "KTD-II")).scalar_one()
    secretariat = app.test_client()
    secretariat.post("/login", data={"username": "thuky", "password": "mat-khau-thu"})
    for action in ("lock", "publish"):
        response = secretariat.post(f"/blocs/KTD-II/years/2017/{action}",
                                    data={"confirmed": "1"})
        assert response.status_code == 302
    assert "đã thay đổi" not in secretariat.get("/blocs/KTD-II/years/2017/results").text.lower()

    response = secretariat.post("/admin/years", data={"agreement": "KTD-II/2018", "confirmed": "1"})
    assert response.status_code == 302, response.text

    with app.app_context():
        assert db.session.execute(select(Bloc.name).where(Bloc.code == "KTD-II")).scalar_one() == name
    results = secretariat.get("/blocs/KTD-II/years/2017/results").text
    assert name in results and 'id="results-differ"' not in results
    assert name in secretariat.get("/blocs/KTD-II/years/2018/").text
