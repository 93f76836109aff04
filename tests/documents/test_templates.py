"""Templates: an organisation's own replace the shipped ones, a mistake names the template and the field, and
user text stays text."""
from __future__ import annotations

from pathlib import Path

from docx import Document as WordDocument
from sqlalchemy import select

from emulation.extensions import db
from emulation.models import Person, User

from .conftest import BASE, BLOC, PASSWORD, YEAR, open_docx, paragraphs

SHIPPED = Path(__file__).resolve().parents[2] / "templates" / "documents"


def own_template(folder: Path, name: str, *lines: str) -> Path:
    """Write a Word template `name` into `folder` holding one paragraph per line."""
    folder.mkdir(parents=True, exist_ok=True)
    document = WordDocument()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(folder / name))
    return folder / name


def test_the_shipped_templates_are_word_files_with_jinja_tags():
    names = sorted(path.name for path in SHIPPED.glob("*.docx"))
    assert names == ["achievement_collective.docx", "achievement_individual.docx", "ballot_count.docx",
                     "council_minutes.docx", "decision.docx", "registrations.docx", "submission.docx", "summary.docx"]
    for path in SHIPPED.glob("*.docx"):
        assert "{{ year }}" in "\n".join(paragraphs(open_docx(path))), path.name


def test_an_organisation_s_template_replaces_the_shipped_one(make_app, tmp_path):
    folder = tmp_path / "mau-rieng"
    own_template(folder, "summary.docx", "Mẫu riêng của Sở: {{ bloc_name }} năm {{ year }}")
    app = demo_with(make_app, EMULATION_DOCUMENT_TEMPLATES=str(folder))
    result = app.test_cli_runner().invoke(args=["documents", "--bloc", BLOC, "--year", str(YEAR), "--kind", "summary",
                                                "--kind", "decision", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    summary = paragraphs(open_docx(tmp_path / "out" / f"summary-{BLOC}-{YEAR}.docx"))
    assert summary == ["Mẫu riêng của Sở: Khối thi đua II – Sở Khoa học và Công nghệ Cao Bằng năm 2017"]
    decision = paragraphs(open_docx(tmp_path / "out" / f"decision-{BLOC}-{YEAR}.docx"))
    assert "QUYẾT ĐỊNH" in decision                    # the others are still the shipped ones


def demo_with(make_app, **config):
    """Return an app with the demo bloc, `config`, and the secretariat's password set to PASSWORD."""
    app = make_app(**config)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        db.session.execute(select(User).where(User.username == "thuky")).scalar_one().set_password(PASSWORD)
        db.session.commit()
    return app


def test_a_template_naming_an_unknown_field_fails_naming_it(make_app, tmp_path):
    folder = tmp_path / "mau-sai"
    own_template(folder, "summary.docx", "Năm {{ year }}", "Người ký: {{ chu_ky_so }}")
    app = demo_with(make_app, EMULATION_DOCUMENT_TEMPLATES=str(folder))
    result = app.test_cli_runner().invoke(args=["documents", "--bloc", BLOC, "--year", str(YEAR), "--kind", "summary",
                                                "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Mẫu văn bản summary.docx dùng trường không có: chu_ky_so." in result.output
    client = app.test_client()
    assert client.post("/login", data={"username": "thuky", "password": PASSWORD}).status_code == 302
    page = client.get(f"{BASE}/documents/summary.docx?lang=en")
    assert page.status_code == 500
    assert "Document template summary.docx uses a field that does not exist: chu_ky_so." in page.text


def test_user_text_is_printed_as_written_and_cannot_inject(demo_app, write, results):
    injected = 'Lê <w:p>"A" & B</w:p>{{ year }}'
    with demo_app.app_context():
        person = db.session.execute(select(Person).where(Person.code == "CCTDC-01")).scalar_one()
        person.full_name = injected
        db.session.commit()
    folder = write("--unit", "CCTDC", "--kind", "submission", "--kind", "registrations")
    for name in (f"submission-{BLOC}-{YEAR}-CCTDC.docx", f"registrations-{BLOC}-{YEAR}-CCTDC.docx"):
        cells = paragraphs(open_docx(folder / name))
        assert injected in cells, name


def test_characters_word_refuses_are_refused_at_input():
    from emulation.text import has_control_characters
    for bad in ("\x00", "\x0b", "\x1f", "\ufffe", "\uffff", "\ud800"):
        assert has_control_characters(f"Nguyễn{bad}Văn"), repr(bad)
    assert not has_control_characters("Nguyễn Văn A\tB\r\nC – “Đ” & <E>")
