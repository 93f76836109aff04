"""CSRF on every form, and the two languages: Vietnamese by default, English on ?lang=en."""
import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from .conftest import BASE, PASSWORD

TRANSLATIONS = Path(__file__).resolve().parents[2] / "emulation" / "translations"


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_csrf_is_enforced_when_enabled(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from emulation.accounts.service import create_user
        create_user("thuky", "secretariat", PASSWORD)
    client = app.test_client()
    without = client.post("/login", data={"username": "thuky", "password": PASSWORD})
    assert without.status_code == 400
    page = client.get("/login").text
    with_token = client.post("/login", data={"username": "thuky", "password": PASSWORD, "csrf_token": _token(page)})
    assert with_token.status_code == 302
    assert client.post("/logout").status_code == 400               # sign-out is a form too
    assert client.get("/", follow_redirects=True).request.path == "/"


def test_vietnamese_by_default_english_on_request(sign_in):
    client = sign_in("thuky")
    assert "Xếp hạng đơn vị" in client.get(f"{BASE}/results").text
    english = client.get(f"{BASE}/results?lang=en").text
    assert "Unit ranking" in english and 'lang="en"' in english
    assert "762.16" in english                                    # English number format
    assert "Unit ranking" in client.get(f"{BASE}/results").text    # the choice is kept in the session
    assert "Xếp hạng đơn vị" in client.get(f"{BASE}/results?lang=vi").text
    assert '<span id="review-on"><time datetime="2017-12-15">15/12/2017</time></span>' in client.get(f"{BASE}/").text
    assert '<span id="review-on"><time datetime="2017-12-15">15 Dec 2017</time></span>' in client.get(f"{BASE}/?lang=en").text


def test_form_errors_in_english(web_app, sign_in):
    from .conftest import set_sheet_state, sheet_form_data, sheet_url
    set_sheet_state(web_app, "TTTK", "draft")
    client = sign_in("tttk.truong")
    client.get(sheet_url("TTTK") + "?lang=en")
    html = client.post(sheet_url("TTTK"), data={**sheet_form_data(web_app, "TTTK", {"A.1": "35"}), "save": "1"}).text
    assert "Points must be between 0 and 30." in html
    assert "Information bulletin issues published" in html          # the criterion's English name


def test_title_names_follow_the_language(sign_in):
    client = sign_in("thuky")
    assert "Lao động tiên tiến" in client.get(f"{BASE}/").text
    assert "Advanced worker" in client.get(f"{BASE}/?lang=en").text


def _entries(catalog) -> dict:
    """msgid -> translation; a plural message by its tuple of forms (the .mo reader gives lists)."""
    plain = lambda value: value if isinstance(value, str) else tuple(value)
    return {(m.context, plain(m.id)): plain(m.string) for m in catalog if m.id}


def test_every_message_has_an_english_translation_and_the_mo_is_compiled():
    root = TRANSLATIONS.parents[1]
    method_map = [("emulation/**.py", "python"), ("templates/**.html", "jinja2.ext:babel_extract")]
    found = extract_from_dir(str(root), method_map, keywords={**DEFAULT_KEYWORDS, "_l": None},
                             directory_filter=lambda path: not Path(path).name.startswith((".", "tests", "bench")))
    wanted = {message for _file, _line, message, _comments, _context in found if isinstance(message, str) and message}
    po = _entries(read_po((TRANSLATIONS / "en/LC_MESSAGES/messages.po").open("rb")))
    mo = _entries(read_mo((TRANSLATIONS / "en/LC_MESSAGES/messages.mo").open("rb")))
    assert sorted(wanted - {key for (_context, key), v in po.items() if v}) == []
    assert mo == po


def test_a_forced_language_applies_at_once_within_a_request_and_the_requests_language_after_it(web_app):
    from flask_babel import force_locale, gettext
    with web_app.test_request_context("/?lang=en"):
        assert gettext("Đăng xuất") == "Sign out"
        with force_locale("vi"):
            assert gettext("Đăng xuất") == "Đăng xuất"
        assert gettext("Đăng xuất") == "Sign out"
    with web_app.test_request_context("/?lang=vi"):
        assert gettext("Đăng xuất") == "Đăng xuất"


def test_a_template_translates_in_the_language_forced_at_the_moment_it_renders(web_app):
    # The templates' _() reads the translations the request keeps (extensions.template_gettext): a forced language
    # and the request's own apply at once, like Python's gettext.
    from flask import render_template_string
    from flask_babel import force_locale, get_translations, refresh
    page = '{{ _("Đăng xuất") }}'
    with web_app.test_request_context("/?lang=en"):
        assert render_template_string(page) == "Sign out"
        with force_locale("vi"):
            assert render_template_string(page) == "Đăng xuất"
        assert render_template_string(page) == "Sign out"
        get_translations()
        refresh()
        assert render_template_string(page) == "Sign out"
    with web_app.test_request_context("/?lang=vi"):
        assert render_template_string(page) == "Đăng xuất"
        with force_locale("en"):
            assert render_template_string(page) == "Sign out"


def test_a_template_message_keeps_its_translation_and_escapes_its_values_as_jinja_newstyle_gettext(web_app):
    from flask import render_template_string
    with web_app.test_request_context("/?lang=en"):
        shown = render_template_string('{{ _("Năm thi đua %(year)s đã khoá; không thể thay đổi.", year=y) }}|'
                                       '{{ gettext("Đăng xuất") }}|{{ _("100%%") }}', y="<b>&")
    assert shown == "The &lt;b&gt;&amp; emulation year is locked; nothing can be changed.|Sign out|100%"


def test_the_language_kept_in_the_session_changes_only_when_another_is_asked(sign_in):
    client = sign_in("thuky")
    assert "Set-Cookie" in client.get("/?lang=en").headers
    again = client.get("/?lang=en")
    assert "Set-Cookie" not in again.headers and "Sign out" in again.text
    back = client.get("/?lang=vi")
    assert "Set-Cookie" in back.headers and "Đăng xuất" in back.text
