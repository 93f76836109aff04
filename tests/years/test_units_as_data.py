"""Units declared as data: in the agreement file or by the secretariat; signed and scored on the common table."""
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import AuditEvent, Bloc, Unit
from emulation.storage.audit import CLI
from emulation.years.units import add_unit, close_unit

CRITERIA = Path(__file__).resolve().parents[2] / "criteria"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def criteria_dir(tmp_path):
    copy = tmp_path / "criteria"
    shutil.copytree(CRITERIA, copy)
    shutil.copy(DATA / "khoi-chung-2024.toml", copy / "agreements")
    return copy


def _sign(app, bloc="KTD-CHUNG", year=2024):
    return app.test_cli_runner().invoke(args=["sign", "--bloc", bloc, "--year", str(year)])


def _dump(app, bloc="KTD-CHUNG", year=2024):
    return json.loads(app.test_cli_runner().invoke(args=["dump", "--bloc", bloc, "--year", str(year)]).output)


def test_a_bloc_of_data_units_and_common_criteria_only_signs(make_app, criteria_dir):
    app = make_app(EMULATION_CRITERIA_DIR=criteria_dir)
    result = _sign(app)
    assert result.exit_code == 0, result.output
    dumped = _dump(app)
    assert [(u["code"], u["name"], u["plugin"]) for u in dumped["units"]] == [
        ("DV-A", "Đơn vị A", ""), ("DV-B", "Đơn vị B", ""), ("DV-C", "Đơn vị C", "")]
    assert {c["spec"]["code"] for c in dumped["criteria"]} == {"A", "A.1", "A.2", "A.3", "TR.1"}
    assert all(c["unit"] is None for c in dumped["criteria"])
    assert sorted(s["unit"] for s in dumped["sheets"]) == ["DV-A", "DV-B", "DV-C"]


def test_a_data_unit_with_a_plugin_units_code_is_an_error_naming_both(make_app, criteria_dir):
    agreement = criteria_dir / "agreements" / "khoi-chung-2024.toml"
    agreement.write_text(agreement.read_text(encoding="utf-8").replace('code = "DV-C"', 'code = "TTTK"'),
                         encoding="utf-8")
    app = make_app(EMULATION_CRITERIA_DIR=criteria_dir)
    result = _sign(app)
    assert result.exit_code == 1
    assert "khoi-chung-2024.toml: đơn vị 'TTTK'" in result.output
    assert "plugin 'plugins.information_statistics'" in result.output
    with app.app_context():
        assert db.session.execute(select(Unit).where(Unit.code == "DV-A")).first() is None     # nothing stored


def test_a_bad_unit_table_names_the_file_unit_and_field(make_app, criteria_dir):
    agreement = criteria_dir / "agreements" / "khoi-chung-2024.toml"
    agreement.write_text(agreement.read_text(encoding="utf-8").replace('name = "Đơn vị B"', 'nam = "Đơn vị B"'),
                         encoding="utf-8")
    result = _sign(make_app(EMULATION_CRITERIA_DIR=criteria_dir))
    assert result.exit_code == 1
    assert "khoi-chung-2024.toml: [[unit]] 'DV-B', trường 'nam'" in result.output


def test_the_plugin_units_of_the_seed_bloc_sign_as_before(make_app):
    app = make_app()
    assert _sign(app, "KTD-II", 2017).exit_code == 0
    assert {(u["code"], bool(u["plugin"])) for u in _dump(app, "KTD-II", 2017)["units"]} == {
        ("CCTDC", True), ("TTUD", True), ("TTTK", True)}


UNITS = "/admin/blocs/KTD-II/units"


def _version(app, code):
    with app.app_context():
        return db.session.execute(select(Unit.version).where(Unit.code == code)).scalar_one()


def test_the_secretariat_adds_renames_and_closes_a_data_unit(web_app, sign_in):
    client = sign_in("thuky")
    page = client.get(UNITS)
    assert page.status_code == 200 and "TTTK" in page.text and "Plugin" in page.text
    added = client.post(UNITS, data={"code": "SO-MOI", "name": "Đơn vị mới", "short_name": "ĐVM"})
    assert added.status_code == 302
    renamed = client.post(f"{UNITS}/SO-MOI", data={"u-SO-MOI-action": "rename", "u-SO-MOI-name": "Đơn vị đổi tên",
                                                   "u-SO-MOI-short_name": "ĐĐT",
                                                   "u-SO-MOI-version": _version(web_app, "SO-MOI")})
    assert renamed.status_code == 302
    stale = client.post(f"{UNITS}/SO-MOI", data={"u-SO-MOI-action": "rename", "u-SO-MOI-name": "Tên khác",
                                                 "u-SO-MOI-version": "1"})
    assert stale.status_code == 409
    with web_app.app_context():
        unit = db.session.execute(select(Unit).where(Unit.code == "SO-MOI")).scalar_one()
        assert (unit.name, unit.short_name, unit.plugin) == ("Đơn vị đổi tên", "ĐĐT", "")
        events = db.session.execute(select(AuditEvent.action, AuditEvent.actor).where(
            AuditEvent.kind == "unit", AuditEvent.key == "SO-MOI").order_by(AuditEvent.id)).all()
        assert events == [("create", "thuky"), ("rename", "thuky")]
    closed = client.post(f"{UNITS}/SO-MOI", data={"u-SO-MOI-action": "close", "u-SO-MOI-on": "2018-06-30",
                                                  "u-SO-MOI-version": _version(web_app, "SO-MOI")})
    assert closed.status_code == 302
    with web_app.app_context():
        assert db.session.execute(select(Unit.closed_on).where(Unit.code == "SO-MOI")).scalar_one().isoformat() \
            == "2018-06-30"


def test_the_units_page_refuses_bad_input_and_other_roles(web_app, sign_in):
    client = sign_in("thuky")
    taken = client.post(UNITS, data={"code": "TTTK", "name": "Trùng mã"})
    assert taken.status_code == 400 and "TTTK" in taken.text
    blank = client.post(UNITS, data={"code": "X1", "name": ""})
    assert blank.status_code == 400 and "Cần nhập tên đơn vị." in blank.text
    plugin_close = client.post(f"{UNITS}/TTTK", data={"u-TTTK-action": "close", "u-TTTK-on": "2018-01-01",
                                                      "u-TTTK-version": _version(web_app, "TTTK")})
    assert plugin_close.status_code == 400 and "plugin" in plugin_close.text
    assert sign_in("tttk.truong").get(UNITS).status_code == 403
    assert sign_in("danhgia").post(UNITS, data={"code": "X2", "name": "X"}).status_code == 403
    with web_app.app_context():
        assert db.session.execute(select(Unit).where(Unit.code.in_(["X1", "X2"]))).first() is None


def test_a_unit_added_in_the_app_joins_the_next_year_and_a_closed_one_does_not(make_app, criteria_dir):
    app = make_app(EMULATION_CRITERIA_DIR=criteria_dir)
    assert _sign(app).exit_code == 0
    with app.app_context():
        bloc = db.session.execute(select(Bloc).where(Bloc.code == "KTD-CHUNG")).scalar_one()
        add_unit(bloc, "DV-D", "Đơn vị D", "D", {}, actor=CLI)
        closing = db.session.execute(select(Unit).where(Unit.code == "DV-C")).scalar_one()
        close_unit(closing, date(2024, 12, 31), closing.version, actor=CLI)
    text = (criteria_dir / "agreements" / "khoi-chung-2024.toml").read_text(encoding="utf-8")
    without_units = "\n".join(part for part in text.split("\n\n") if not part.startswith("[[unit]]"))
    (criteria_dir / "agreements" / "khoi-chung-2025.toml").write_text(
        without_units.replace("year = 2024", "year = 2025"), encoding="utf-8")
    assert _sign(app, year=2025).exit_code == 0
    assert [u["code"] for u in _dump(app, year=2025)["units"]] == ["DV-A", "DV-B", "DV-D"]
    assert [u["code"] for u in _dump(app)["units"]] == ["DV-A", "DV-B", "DV-C"]     # the signed year keeps its own
