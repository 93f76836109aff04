"""`emulation demo`, `emulation plugins` and `emulation user create` as a user runs them."""
import json
from collections import Counter

from emulation.extensions import db
from emulation.models import Collective, Person, Registration, User


def test_demo_loads_the_seed_bloc_with_seed_004_registrations(demo_app):
    with demo_app.app_context():
        people = db.session.execute(db.select(Person)).scalars().all()
        collectives = db.session.execute(db.select(Collective)).scalars().all()
        registrations = db.session.execute(db.select(Registration)).scalars().all()
    assert len(people) == 62 and len(collectives) == 14
    assert len({r.collective_id for r in registrations if r.collective_id}) == 14
    assert len({r.person_id for r in registrations if r.person_id}) == 61
    assert Counter(r.title_code for r in registrations) == {"TTLDTT": 14, "TTLDXS": 3, "LDTT": 42, "CSTDCS": 19}


def test_demo_is_idempotent_and_prints_passwords_once(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "thuky" in first.output or "secretariat" in first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "đã có" in second.output
    assert "secretariat" not in second.output
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Person.id))).scalar() == 62
        roles = Counter(u.role for u in db.session.execute(db.select(User)).scalars())
    assert roles == {"secretariat": 1, "unit_head": 3}


def test_demo_passwords_sign_in(app, runner):
    output = runner.invoke(args=["demo"]).output
    lines = [line.split() for line in output.splitlines() if "unit_head" in line]
    username, _role, unit_code, password = lines[0]
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == username)).scalar_one()
        assert user.check_password(password) and not user.check_password(password + "x")
        assert user.unit.code == unit_code
        assert password not in user.password_hash and user.password_hash.startswith("scrypt:")


def test_plugins_lists_the_three_builtin_units(demo_app):
    runner = demo_app.test_cli_runner()
    rows = json.loads(runner.invoke(args=["plugins", "--format", "json"]).output)
    assert [row["unit"] for row in rows] == ["CCTDC", "TTTK", "TTUD"]
    assert all(row["origin"] == "built-in" and row["criteria"] > 3 for row in rows)
    table = runner.invoke(args=["plugins"]).output
    assert "Chi cục Tiêu chuẩn Đo lường Chất lượng" in table


def test_user_create_reads_the_password_from_stdin(app, runner):
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["user", "create", "reviewer1", "--role", "reviewer"], input="mật-khẩu-dài\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == "reviewer1")).scalar_one()
        assert user.role == "reviewer" and user.check_password("mật-khẩu-dài")
    head = runner.invoke(args=["user", "create", "ttud.pho", "--role", "unit_head", "--unit", "TTUD"],
                         input="cay-tre-xanh-bien\n")
    assert head.exit_code == 0, head.output
    common = runner.invoke(args=["user", "create", "ttud.pho2", "--role", "unit_head", "--unit", "TTUD"],
                           input="12345678\n")
    assert common.exit_code == 1 and "Mật khẩu" in common.output      # a common password is refused


def test_user_create_refuses_bad_input_and_stores_nothing(app, runner):
    runner.invoke(args=["demo"])
    cases = [
        (["user", "create", "xyz1", "--role", "admin"], "mot-mat-khau-dai\n", "Vai trò"),
        (["user", "create", "short", "--role", "viewer"], "123\n", "Mật khẩu"),
        (["user", "create", "nounit", "--role", "unit_head"], "mot-mat-khau-dai\n", "--unit"),
        (["user", "create", "ghost", "--role", "unit_head", "--unit", "NONE"], "mot-mat-khau-dai\n", "NONE"),
        (["user", "create", "Bad Name", "--role", "viewer"], "mot-mat-khau-dai\n", "Tên đăng nhập"),
    ]
    with app.app_context():
        before = db.session.execute(db.select(db.func.count(User.id))).scalar()
    for args, stdin, words in cases:
        result = runner.invoke(args=args, input=stdin)
        assert result.exit_code == 1 and words in result.output, result.output
    duplicate = runner.invoke(args=["user", "create", "reviewer2", "--role", "viewer"], input="mot-mat-khau-dai\n")
    again = runner.invoke(args=["user", "create", "reviewer2", "--role", "viewer"], input="mot-mat-khau-dai\n")
    assert duplicate.exit_code == 0 and "đã tồn tại" in again.output
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(User.id))).scalar() == before + 1
