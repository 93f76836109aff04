"""The year's deadlines travel in the year file; files written before deadlines existed still load."""
import json
from datetime import date

from reliability.audit_helpers import dump_year, load_into_new_app
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import EmulationYear, YearDeadlines
from emulation.storage.database import read_year


def _set_deadlines(app, **days) -> None:
    with app.app_context():
        year_id = db.session.execute(select(EmulationYear.id)).scalar_one()
        db.session.add(YearDeadlines(year_id=year_id, **days))
        db.session.commit()


def _replace_with(app, document, tmp_path):
    path = tmp_path / "year.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return app.test_cli_runner().invoke(args=["load", str(path), "--replace"])


def test_deadlines_go_through_dump_and_load(demo_app, make_app, tmp_path):
    _set_deadlines(demo_app, registration_until=date(2017, 3, 31), review_until=date(2017, 12, 20))
    dumped = dump_year(demo_app)
    assert json.loads(dumped)["deadlines"] == {"registration": "2017-03-31", "submission": None,
                                               "review": "2017-12-20", "publication": None}
    other = load_into_new_app(demo_app, make_app, tmp_path, dumped)
    with other.app_context():
        loaded = read_year("KTD-II", 2017).deadlines
    assert (loaded.registration, loaded.submission, loaded.review) == (date(2017, 3, 31), None, date(2017, 12, 20))


def test_a_file_without_deadlines_loads_with_none_set(demo_app, tmp_path):
    document = json.loads(dump_year(demo_app))
    del document["deadlines"]
    result = _replace_with(demo_app, document, tmp_path)
    assert result.exit_code == 0, result.output
    assert json.loads(dump_year(demo_app))["deadlines"]["review"] is None


def test_deadlines_out_of_order_are_refused_naming_the_field(demo_app, tmp_path):
    document = json.loads(dump_year(demo_app))
    document["deadlines"].update(submission="2017-12-10", review="2017-12-01")
    result = _replace_with(demo_app, document, tmp_path)
    assert result.exit_code == 1 and "$.deadlines.review" in result.output
    with demo_app.app_context():
        assert read_year("KTD-II", 2017).deadlines.submission is None         # nothing loaded
