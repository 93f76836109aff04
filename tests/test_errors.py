"""One error family: every error a user can cause is an EmulationError, answered by one web and one CLI handler."""
import shutil

import pytest

from emulation.accounts.permissions import SignInThrottled
from emulation.accounts.service import AccountError
from emulation.devdata.synth import SynthError
from emulation.engine.criteria import CriteriaError
from emulation.engine.ranking import RankingError
from emulation.engine.rules import RulesError
from emulation.engine.scoring import ScoringError
from emulation.errors import EmulationError
from emulation.export.sheet_names import SheetNameError
from emulation.export.workbook import ExportError
from emulation.plugin_host import PluginError
from emulation.sheets.service import SheetConflict, SheetError
from emulation.storage.database import StoreError
from emulation.storage.yearfile import YearFileError
from web.conftest import new_login_client

USER_ERRORS = (AccountError, SignInThrottled, SynthError, CriteriaError, RankingError, RulesError, ScoringError,
               ExportError, SheetNameError, PluginError, SheetError, SheetConflict, StoreError, YearFileError)
BAD_RANKING = '[ranking]\ntie_breaks = ["tuoi_doi"]\n[[band]]\ncode = "X"\nname = "X"\nmin_share = 0\n'


@pytest.mark.parametrize("error", USER_ERRORS, ids=lambda e: e.__name__)
def test_every_user_error_is_an_emulation_error_with_a_status(error):
    assert issubclass(error, EmulationError) and 400 <= error.status < 600


@pytest.fixture
def bad_ranking(make_app, tmp_path):
    """The demo year under a criteria folder whose ranking file names a tie-break that does not exist."""
    criteria = tmp_path / "criteria"
    shutil.copytree(make_app().config["EMULATION_CRITERIA_DIR"], criteria)
    app = make_app(EMULATION_CRITERIA_DIR=criteria)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    (criteria / "ranking.toml").write_text(BAD_RANKING, encoding="utf-8")
    return app


def test_the_cli_prints_a_user_error_and_exits_1(bad_ranking):
    result = bad_ranking.test_cli_runner().invoke(args=["results", "--bloc", "KTD-II", "--year", "2017"])
    assert result.exit_code == 1
    assert "ranking.toml: [ranking], trường 'tie_breaks'" in result.output and "Traceback" not in result.output


def test_a_page_answers_a_user_error_with_its_message_not_a_500(bad_ranking):
    client = new_login_client(bad_ranking, "thuky.moi", "secretariat", "cay-tre-xanh-bien")
    page = client.get("/blocs/KTD-II/years/2017/results")
    assert page.status_code == 400 and "trường &#39;tie_breaks&#39;" in page.text
    api = client.get("/api/blocs/KTD-II/years/2017/results")
    assert api.status_code == 400 and "tie_breaks" in api.json["error"]
