"""Settings: defaults, then the environment, then test overrides.

Nothing else in the project reads ``os.environ``. Secrets (the Flask secret key, the LRS
password, the SMTP password) come from the environment or from files in the instance folder, never from the
repository.
"""

from __future__ import annotations

import os
import secrets
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from fpdf import FPDF


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, how to coerce it, and its default."""

    env: str
    coerce: Callable[[str], Any] = str
    doc: str = ""


@dataclass(frozen=True)
class Settings:
    """Everything the tool can be configured with. See README.md → Settings."""

    instance_path: str = "instance"
    database_url: str = ""
    db_pool_size: int = 10
    db_max_overflow: int = 20
    db_pgbouncer: bool = False
    redis_url: str = ""
    secret_key: str = ""
    base_url: str = "http://127.0.0.1:5000"
    lrs_endpoint: str = ""
    lrs_username: str = ""
    lrs_password: str = ""
    lrs_timeout: float = 10.0
    lrs_batch_size: int = 100
    outbox_max_attempts: int = 25
    http_timeout: float = 10.0
    allow_private_hosts: bool = False
    egress_max_bytes: int = 4 * 1024 * 1024
    key_grace_days: int = 14
    launch_state_ttl: int = 600
    session_ttl: int = 8 * 3600
    staff_session_ttl: int = 2 * 3600
    roster_sync_hours: int = 24
    platform_jwks_ttl: int = 3600
    platform_jwks_min_refetch: float = 10.0
    default_locale: str = "nl"
    timezone: str = "UTC"
    sender_interval: float = 0.0
    log_format: str = "json"
    metrics_token: str = ""
    metrics_open: bool = False
    prometheus_multiproc_dir: str = ""
    worker_metrics_address: str = ""
    rate_limit_launch: str = "1000 per minute"
    rate_limit_public: str = "30 per minute"
    rate_limit_pages: str = "1000 per minute"
    rate_limit_person: str = "300 per minute"
    rate_limit_person_launch: str = "30 per minute"
    rate_limit_prefix: str = "aidip:limits"
    proxy_fix: bool = False
    retention_answers_days: int = 730
    retention_journal_days: int = 365
    retention_leavers_days: int = 365
    retention_outbox_days: int = 90
    expiry_interval: int = 24 * 3600
    purge_interval: int = 24 * 3600
    organisation_name: str = ""
    organisation_logo: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_timeout: float = 20.0
    testing: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


# Setting name → environment variable, coercion, meaning. README.md documents the same table.
ENVIRONMENT: dict[str, Setting] = {
    "instance_path": Setting("AIDIP_INSTANCE_PATH", str, "folder for keys, SQLite database, LRS data"),
    "database_url": Setting("AIDIP_DATABASE_URL", str, "SQLAlchemy URL; default SQLite in the instance folder"),
    "db_pool_size": Setting("AIDIP_DB_POOL_SIZE", int, "PostgreSQL connections each process keeps open"),
    "db_max_overflow": Setting("AIDIP_DB_MAX_OVERFLOW", int, "extra connections a process may open at a peak"),
    "db_pgbouncer": Setting("AIDIP_DB_PGBOUNCER", bool,
                            "connect through PgBouncer in transaction pooling (no server-side prepared statements)"),
    "redis_url": Setting("AIDIP_REDIS_URL", str, "Redis URL for launch state and sessions (several workers)"),
    "secret_key": Setting("AIDIP_SECRET_KEY", str,
                          "Flask secret, the same everywhere; needed with PostgreSQL (SQLite: instance file)"),
    "base_url": Setting("AIDIP_BASE_URL", str, "public URL of the tool, used in registration and statements"),
    "lrs_endpoint": Setting("AIDIP_LRS_ENDPOINT", str, "xAPI endpoint of the LRS, ending in /xAPI/"),
    "lrs_username": Setting("AIDIP_LRS_USERNAME", str, "LRS Basic-auth user"),
    "lrs_password": Setting("AIDIP_LRS_PASSWORD", str, "LRS Basic-auth password"),
    "lrs_timeout": Setting("AIDIP_LRS_TIMEOUT", float, "seconds before an LRS request is abandoned"),
    "lrs_batch_size": Setting("AIDIP_LRS_BATCH_SIZE", int, "statements per POST"),
    "outbox_max_attempts": Setting("AIDIP_OUTBOX_MAX_ATTEMPTS", int, "tries before an item is parked as failed"),
    "http_timeout": Setting("AIDIP_HTTP_TIMEOUT", float, "seconds for calls to platforms"),
    "allow_private_hosts": Setting("AIDIP_ALLOW_PRIVATE_HOSTS", bool,
                                   "let outgoing requests reach loopback and private addresses (demo, tests)"),
    "egress_max_bytes": Setting("AIDIP_EGRESS_MAX_BYTES", int, "largest answer read from a platform or the LRS"),
    "key_grace_days": Setting("AIDIP_KEY_GRACE_DAYS", int, "days a rotated-out key stays in the JWKS"),
    "launch_state_ttl": Setting("AIDIP_LAUNCH_STATE_TTL", int, "seconds between OIDC login and launch"),
    "session_ttl": Setting("AIDIP_SESSION_TTL", int,
                           "seconds an exam session stays valid (longest exam + accommodations)"),
    "staff_session_ttl": Setting("AIDIP_STAFF_SESSION_TTL", int, "seconds a session without an exam stays valid"),
    "roster_sync_hours": Setting("AIDIP_ROSTER_SYNC_HOURS", int,
                                 "hours between the worker's NRPS roster fetches of a course (0: never)"),
    "platform_jwks_ttl": Setting("AIDIP_PLATFORM_JWKS_TTL", int, "seconds a platform's JWKS is cached"),
    "platform_jwks_min_refetch": Setting("AIDIP_PLATFORM_JWKS_MIN_REFETCH", float,
                                         "seconds between refetches of a JWKS on unknown kids"),
    "default_locale": Setting("AIDIP_DEFAULT_LOCALE", str, "nl or en, when the launch has no locale"),
    "sender_interval": Setting("AIDIP_SENDER_INTERVAL", float, "seconds between background sends; 0 = off"),
    "log_format": Setting("AIDIP_LOG_FORMAT", str,
                          "json (one object per line, with request id; access lines; gunicorn, worker) or text"),
    "metrics_token": Setting("AIDIP_METRICS_TOKEN", str, "bearer token required by /metrics"),
    "metrics_open": Setting("AIDIP_METRICS_OPEN", bool, "serve /metrics without a token (private network only)"),
    "prometheus_multiproc_dir": Setting("PROMETHEUS_MULTIPROC_DIR", str,
                                        "folder where every process of one host writes its counters "
                                        "(gunicorn.conf.py makes one when unset); /metrics adds them up"),
    "worker_metrics_address": Setting("AIDIP_WORKER_METRICS_ADDRESS", str,
                                      "host:port where flask worker serves its own /metrics (worker on another "
                                      "host than gunicorn); empty: off"),
    "rate_limit_launch": Setting("AIDIP_RATE_LIMIT_LAUNCH", str, "per client address, per step: login, launch"),
    "rate_limit_public": Setting("AIDIP_RATE_LIMIT_PUBLIC", str, "per client address: registration, verify"),
    "rate_limit_pages": Setting("AIDIP_RATE_LIMIT_PAGES", str,
                                "per client address: other pages outside a live session"),
    "rate_limit_person": Setting("AIDIP_RATE_LIMIT_PERSON", str, "per person: pages with a live session (/s/…)"),
    "rate_limit_person_launch": Setting("AIDIP_RATE_LIMIT_PERSON_LAUNCH", str, "per person: validated launches"),
    "rate_limit_prefix": Setting("AIDIP_RATE_LIMIT_PREFIX", str, "key prefix of the rate-limit counters in Redis"),
    "retention_answers_days": Setting("AIDIP_RETENTION_ANSWERS_DAYS", int, "days the answers of an attempt are kept"),
    "retention_journal_days": Setting("AIDIP_RETENTION_JOURNAL_DAYS", int,
                                      "days delivered statements stay in the journal (certificate ones always)"),
    "retention_leavers_days": Setting("AIDIP_RETENTION_LEAVERS_DAYS", int,
                                      "days after leaving before personal details are pseudonymised"),
    "retention_outbox_days": Setting("AIDIP_RETENTION_OUTBOX_DAYS", int,
                                     "days sent, failed or superseded score and mail outbox rows are kept"),
    "expiry_interval": Setting("AIDIP_EXPIRY_INTERVAL", int,
                               "seconds between the worker's expiry runs, one worker at a time (0: never)"),
    "purge_interval": Setting("AIDIP_PURGE_INTERVAL", int,
                              "seconds between the worker's retention purges, one worker at a time (0: never)"),
    "organisation_name": Setting("AIDIP_ORGANISATION_NAME", str,
                                 "the issuer's name on certificates, badges and the verification page"),
    "organisation_logo": Setting("AIDIP_ORGANISATION_LOGO", str,
                                 "PNG or SVG file in the instance folder, printed on certificates"),
    "smtp_host": Setting("AIDIP_SMTP_HOST", str, "mail server for the reminders; empty: no sending (CSV only)"),
    "smtp_port": Setting("AIDIP_SMTP_PORT", int, "mail server port (587: submission with STARTTLS)"),
    "smtp_starttls": Setting("AIDIP_SMTP_STARTTLS", bool, "upgrade the mail connection with STARTTLS (verified)"),
    "smtp_user": Setting("AIDIP_SMTP_USER", str, "mail server login; empty: no login"),
    "smtp_password": Setting("AIDIP_SMTP_PASSWORD", str,
                             "mail server password; default: the file smtp_password in the instance folder"),
    "smtp_from": Setting("AIDIP_SMTP_FROM", str, "sender address of the reminders"),
    "smtp_timeout": Setting("AIDIP_SMTP_TIMEOUT", float, "seconds before a mail server conversation is abandoned"),
    "proxy_fix": Setting("AIDIP_PROXY_FIX", bool, "trust X-Forwarded-* from one reverse proxy (TLS offload)"),
    "timezone": Setting("AIDIP_TIMEZONE", str,
                        "IANA time zone the pages show times in, e.g. Europe/Amsterdam (stored times stay UTC)"),
}


def environment_value(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """One setting from the environment alone (its default when unset): for ``gunicorn.conf.py``, which must
    decide before the app is loaded and without the app's derived defaults."""
    raw = (os.environ if environ is None else environ).get(ENVIRONMENT[name].env)
    if raw is None or raw == "":
        return getattr(Settings(), name)
    return _bool(raw) if ENVIRONMENT[name].coerce is bool else ENVIRONMENT[name].coerce(raw)


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Resolve defaults → environment → overrides, then fill derived defaults."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, setting in ENVIRONMENT.items():
        raw = environ.get(setting.env)
        if raw is not None and raw != "":
            coerce = _bool if setting.coerce is bool else setting.coerce
            values[name] = coerce(raw)
    known = {f.name for f in fields(Settings)}
    extra: dict[str, Any] = {}
    for name, value in (overrides or {}).items():
        if name in known:
            values[name] = value
        else:
            extra[name] = value
    settings = replace(Settings(), **values, extra=extra)
    instance = Path(settings.instance_path).resolve()
    instance.mkdir(parents=True, exist_ok=True)
    settings = replace(settings, instance_path=str(instance))
    if not settings.database_url:
        settings = replace(settings, database_url=f"sqlite:///{instance / 'aidiploma.sqlite3'}")
    if not settings.secret_key:
        settings = replace(settings, secret_key=_instance_secret(instance / "secret_key", settings))
    if settings.smtp_host and not settings.smtp_password and (instance / "smtp_password").is_file():
        settings = replace(settings, smtp_password=(instance / "smtp_password").read_text().strip())
    if settings.organisation_logo:
        settings = replace(settings, organisation_logo=str(check_logo(instance, settings.organisation_logo)))
    check_timezone(settings.timezone)
    return replace(settings, base_url=settings.base_url.rstrip("/"),
                   organisation_name=settings.organisation_name.strip())


class SettingsError(ValueError):
    """A setting that the tool cannot start with; the message names the environment variable."""


LOGO_TYPES = {".png": b"\x89PNG\r\n\x1a\n", ".svg": b"<svg"}
LOGO_MAX_BYTES = 512 * 1024


def check_logo(instance: Path, name: str) -> Path:
    """The organisation's logo as an absolute path inside the instance folder, checked to be a PNG or SVG that
    the certificate PDF can draw; SettingsError (saying what is wrong) otherwise."""
    env = ENVIRONMENT["organisation_logo"].env
    path = (instance / name).resolve()
    if not path.is_relative_to(instance):
        raise SettingsError(f"{env}={name!r} must name a file inside the instance folder {instance}")
    if not path.is_file():
        raise SettingsError(f"{env}: there is no file {path}")
    signature = LOGO_TYPES.get(path.suffix.lower())
    if signature is None:
        raise SettingsError(f"{env}: {path.name} must be a .png or .svg file")
    data = path.read_bytes()
    if len(data) > LOGO_MAX_BYTES:
        raise SettingsError(f"{env}: {path.name} is larger than {LOGO_MAX_BYTES // 1024} KB")
    if signature not in data[:4096]:
        raise SettingsError(f"{env}: {path.name} is not a {path.suffix.lower()[1:].upper()} file")
    try:
        probe = FPDF()
        probe.add_page()
        probe.image(str(path), w=20)
    except Exception as exc:  # fpdf2 raises several kinds for unreadable images
        raise SettingsError(f"{env}: {path.name} cannot be drawn on the certificate ({exc})") from None
    return path


def check_timezone(name: str) -> None:
    """Refuse a time zone the pages could not show times in (at start, not at the first page). Flask-Babel formats
    with pytz, whose zones differ a little from the system's (``localtime`` is only in the latter)."""
    import pytz  # Flask-Babel's dependency

    try:
        zoneinfo.ZoneInfo(name)
        pytz.timezone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, pytz.UnknownTimeZoneError):
        raise SettingsError(f"{ENVIRONMENT['timezone'].env}={name!r} is not an IANA time zone "
                            "(e.g. Europe/Amsterdam or UTC)") from None


def _instance_secret(path: Path, settings: Settings) -> str:
    """Read the secret from the instance folder, creating it (mode 600) on first start. Only for one machine
    (SQLite): with a shared database several instances serve the same people, and a key each made up for
    itself fails every form posted to another one, so there it must come from the environment."""
    if not settings.testing and not settings.database_url.startswith("sqlite"):
        raise SettingsError(
            f"{ENVIRONMENT['secret_key'].env} is not set. With a shared database every instance and worker must "
            "sign sessions and forms with the same key: generate one (python -c 'import secrets; "
            f"print(secrets.token_urlsafe(48))') and set {ENVIRONMENT['secret_key'].env} to it everywhere.")
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
