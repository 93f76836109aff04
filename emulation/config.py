"""Configuration read from the environment, with defaults kept in the instance folder."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
# criteria/ and templates/ live at the top of the repository; a built copy (`pip install .`, a wheel) carries
# them here, copied in by setup.py. A checkout or an editable install has no such folder and reads the top.
SHARED_DIR = PACKAGE_DIR / "share"


def shared_folder(name: str) -> Path:
    """Return the folder `name` (criteria, templates): the installed copy's own, else the checkout's top-level one."""
    shipped = SHARED_DIR / name
    return shipped if shipped.is_dir() else PROJECT_ROOT / name


def secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, or the one generated once and kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database_url(instance_path: Path) -> str:
    """Return DATABASE_URL, defaulting to a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if url:
        # Plain "postgresql://" would pick psycopg2; this product ships psycopg 3.
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    instance_path.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance_path / 'emulation.sqlite'}"


DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def display_timezone() -> str:
    """Return EMULATION_TIMEZONE, the zone pages show times in (default Asia/Ho_Chi_Minh); refuse an unknown one."""
    name = os.environ.get("EMULATION_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"EMULATION_TIMEZONE={name!r} is not a known time zone (e.g. {DEFAULT_TIMEZONE})") from None
    return name


def session_config() -> dict:
    """Return how sign-in cookies are kept: HttpOnly, SameSite=Lax, Secure when asked, expiring after idle hours.

    SESSION_COOKIE_SECURE=1 belongs behind HTTPS; EMULATION_SESSION_HOURS (default 8) is how long a
    session lasts without a request. The cookie is signed again when the session's last use is written
    (``permissions.load_user``: at most every quarter of that, 15 minutes at most), not on every answer,
    so an idle session ends up to that much sooner, never later.
    """
    secure = os.environ.get("SESSION_COOKIE_SECURE", "0").lower() in ("1", "true", "yes")
    lifetime = timedelta(hours=float(os.environ.get("EMULATION_SESSION_HOURS", "8")))
    return {
        "PERMANENT_SESSION_LIFETIME": lifetime, "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_COOKIE_HTTPONLY": True, "SESSION_COOKIE_SAMESITE": "Lax", "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True, "REMEMBER_COOKIE_SAMESITE": "Lax", "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_DURATION": lifetime,
        "EMULATION_SIGN_IN_MAX_FAILURES": int(os.environ.get("EMULATION_SIGN_IN_MAX_FAILURES", "5")),
        "EMULATION_SIGN_IN_WINDOW": timedelta(minutes=float(os.environ.get("EMULATION_SIGN_IN_WINDOW_MINUTES", "15"))),
        # Higher than the per-address limit, and followed by a short back-off rather than a lockout,
        # so a stranger cannot keep a login's owner out for long (docs/reliability.md).
        "EMULATION_SIGN_IN_MAX_FAILURES_PER_LOGIN": int(os.environ.get("EMULATION_SIGN_IN_MAX_FAILURES_PER_LOGIN", "20")),
        "EMULATION_SIGN_IN_MAX_FAILURES_PER_ADDRESS": int(
            os.environ.get("EMULATION_SIGN_IN_MAX_FAILURES_PER_ADDRESS", "50")),
        "EMULATION_SIGN_IN_MAX_BACKOFF": timedelta(seconds=float(os.environ.get("EMULATION_SIGN_IN_MAX_BACKOFF_SECONDS",
                                                                                "300"))),
    }


def request_config() -> dict:
    """Return the request limits and the proxy set-up.

    EMULATION_MAX_REQUEST_MB (default 2) caps a request's body; EMULATION_PROXY_HOPS (default 0) is
    how many reverse proxies in front of the app to trust for the client's address and scheme.
    """
    return {
        "MAX_CONTENT_LENGTH": int(float(os.environ.get("EMULATION_MAX_REQUEST_MB", "2")) * 1024 * 1024),
        "EMULATION_PROXY_HOPS": max(0, int(os.environ.get("EMULATION_PROXY_HOPS", "0"))),
    }


def files_config(instance_path: Path) -> dict:
    """Return where the app keeps files (evidence, PDFs) and how large they may be.

    EMULATION_EVIDENCE_DIR (default instance/evidence, never under static/) holds the blobs by hash;
    EMULATION_EVIDENCE_MAX_BYTES (default 10 MB) is the largest file a line accepts.
    EMULATION_PDF_CACHE_DIR (default instance/pdf-cache) keeps the documents' PDFs by the content of their Word
    file, at most EMULATION_PDF_CACHE_BYTES (default 500 MB), the least recently used going first.
    """
    return {
        "EMULATION_EVIDENCE_DIR": os.environ.get("EMULATION_EVIDENCE_DIR") or str(instance_path / "evidence"),
        "EMULATION_EVIDENCE_MAX_BYTES": int(os.environ.get("EMULATION_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))),
        "EMULATION_PDF_CACHE_DIR": os.environ.get("EMULATION_PDF_CACHE_DIR") or str(instance_path / "pdf-cache"),
        "EMULATION_PDF_CACHE_BYTES": int(os.environ.get("EMULATION_PDF_CACHE_BYTES", str(500 * 1024 * 1024))),
    }


def build_config(instance_path: Path) -> dict:
    """Return the app configuration for `instance_path`, read from the environment."""
    return {
        **session_config(),
        **request_config(),
        **files_config(instance_path),
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "EMULATION_CRITERIA_DIR": Path(os.environ.get("EMULATION_CRITERIA_DIR") or shared_folder("criteria")),
        "EMULATION_RULES_OVERRIDE": os.environ.get("EMULATION_RULES_OVERRIDE") or None,
        "EMULATION_BLOCKED_PLUGINS": tuple(filter(None, os.environ.get("EMULATION_BLOCKED_PLUGINS", "").split(","))),
        "EMULATION_AUTO_UPGRADE": os.environ.get("EMULATION_AUTO_UPGRADE", "1") != "0",
        "EMULATION_PREPARED_STATEMENTS": os.environ.get("EMULATION_PREPARED_STATEMENTS", "1") != "0",
        # Units the export reads and holds at a time; memory follows this, not the year's size.
        "EMULATION_EXPORT_BATCH": max(1, int(os.environ.get("EMULATION_EXPORT_BATCH", "50"))),
        # A folder of the organisation's own Word templates: a file there replaces the shipped one of that name.
        "EMULATION_DOCUMENT_TEMPLATES": os.environ.get("EMULATION_DOCUMENT_TEMPLATES") or None,
        "EMULATION_TIMEZONE": display_timezone(),
    }


def engine_options(database_url: str, given: dict | None = None, prepared_statements: bool = True) -> dict:
    """Return the SQLAlchemy engine options for `database_url`, `given` ones (SQLALCHEMY_ENGINE_OPTIONS) first.

    A server database gets its pooled connections checked before use (a restart or an idle timeout drops them); a
    SQLite file cannot drop a connection, and the check would cost every request a statement.
    `prepared_statements` False (EMULATION_PREPARED_STATEMENTS=0) stops psycopg preparing statements
    (``storage.transactions``), for a connection pooler in transaction mode, where they fail.
    """
    options: dict = {} if database_url.startswith("sqlite") else {"pool_pre_ping": True}
    options.update(given or {})
    if database_url.startswith("postgresql+psycopg") and not prepared_statements:
        options["connect_args"] = {**options.get("connect_args", {}), "prepare_threshold": None}
    return options
