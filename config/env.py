"""Typed readers for environment variables that fail loudly on bad values."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _test_file(name: str) -> str | None:
    """The test database: a file of this process's own in the temporary directory, so two
    test runs (or two xdist workers) on one checkout never share, or delete, one file."""
    if name == ":memory:":
        return None
    return str(Path(tempfile.gettempdir()) / f"test_{Path(name).stem}_{os.getpid()}.sqlite3")


def parse_database_url(url: str, *, base_dir: Path) -> dict:
    """Turn `sqlite:///path` or `postgres://user:pw@host:port/name` into a DATABASES entry."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative/path, sqlite:////absolute/path, sqlite:///:memory:
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file path")
        name = path if path == ":memory:" or Path(path).is_absolute() else str(base_dir / path)
        if name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # A short busy timeout and IMMEDIATE transactions avoid "database is locked"
            # when long polls and writes share the file; WAL lets readers in other server
            # processes go on while one writes (synchronous=NORMAL is durable under WAL
            # except for the last transactions on power loss, SQLite's documented trade).
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Tests run on a file too, not Django's default shared-cache memory database:
            # there a reader and a writer in two threads lock each other's tables at once
            # ("database table is locked", no busy wait), which no served file ever does.
            "TEST": {"NAME": os.environ.get("DATABASE_TEST_NAME") or _test_file(name)},
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for PostgreSQL needs a database name")
        options = dict(parse_qsl(parts.query))
        pool_max = int(options.pop("pool_max", "20"))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # psycopg's pool: waiting long polls close their connection and the pool keeps
            # the process within a fixed number of server connections (FACTS.md).
            "OPTIONS": {"pool": {"min_size": 1, "max_size": pool_max, "timeout": 10}, **options},
            "TEST": {"NAME": os.environ.get("DATABASE_TEST_NAME") or None},
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {scheme!r} is not sqlite or postgres")
