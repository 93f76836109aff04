"""The schema comes from Alembic migrations, and the database itself guards the data."""
from contextlib import contextmanager

import pytest
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from emulation.extensions import db
from emulation.models import Bloc, Person, PersonFact, Registration, ScoreLine, Unit, User
from emulation.storage.schema import schema_is_current


def _head(app):
    with app.app_context(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_heads()


def test_init_db_upgrades_an_empty_database_to_head(app, runner):
    with app.app_context():
        downgrade(directory=app.extensions["migrate"].directory, revision="base")
        assert not schema_is_current()
        assert "people" not in inspect(db.engine).get_table_names()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "nâng cấp" in result.output
    with app.app_context():
        assert schema_is_current()
        tables = set(inspect(db.engine).get_table_names())
    assert {"blocs", "units", "collectives", "people", "emulation_years", "titles", "registrations",
            "signed_criteria", "score_sheets", "score_lines", "person_facts", "users", "awards"} <= tables
    again = runner.invoke(args=["init-db"])
    assert "mới nhất" in again.output


def test_title_catalogue_is_in_the_database(app):
    from emulation.models import Title
    with app.app_context():
        codes = set(db.session.execute(db.select(Title.code)).scalars())
    assert {"LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS", "CO_THI_DUA_TINH"} <= codes


@contextmanager
def refused_by_the_database(app):
    """Run the block in an app context, then check that the database refuses to commit what it changed."""
    with app.app_context():
        yield db.session
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def _bloc_unit_person(session):
    bloc = Bloc(code="B1", name="Khối 1")
    unit = Unit(code="U1", name="Đơn vị 1", bloc=bloc)
    person = Person(code="P1", full_name="Nguyễn Văn A", unit=unit)
    session.add_all([bloc, unit, person])
    session.flush()
    return bloc, unit, person


@pytest.mark.parametrize("make_bad", [
    lambda unit, person: Unit(code="U1", name="trùng mã", bloc=unit.bloc),
    lambda unit, person: User(username="x", password_hash="h", role="admin"),
    lambda unit, person: User(username="y", password_hash="h", role="unit_head"),
    lambda unit, person: Person(code="P2", full_name="Không đơn vị", unit_id=999999),
], ids=["duplicate-unit-code", "unknown-role", "unit-head-without-unit", "missing-unit"])
def test_database_rejects_what_python_would(app, make_bad):
    with app.app_context():
        _bloc_unit_person(db.session)
        db.session.commit()
    with refused_by_the_database(app) as session:
        unit = session.execute(db.select(Unit)).scalar_one()
        person = session.execute(db.select(Person)).scalar_one()
        session.add(make_bad(unit, person))


def test_registration_needs_exactly_one_registrant(demo_app):
    with refused_by_the_database(demo_app) as session:
        registration = session.execute(db.select(Registration).limit(1)).scalar_one()
        session.add(Registration(year_id=registration.year_id, title_code="LDTT"))


def test_an_adjusted_line_needs_a_reason_in_the_database(demo_app):
    with refused_by_the_database(demo_app) as session:
        line = session.execute(db.select(ScoreLine).limit(1)).scalar_one()
        line.review_state, line.reason, line.reviewed_value = "adjusted", "", 1


def test_a_task_rating_outside_the_scale_is_refused_by_the_database(demo_app):
    with refused_by_the_database(demo_app) as session:
        fact = session.execute(db.select(PersonFact).limit(1)).scalar_one()
        fact.task_rating = "GOOD"
