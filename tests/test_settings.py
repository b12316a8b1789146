"""Settings come from the environment, typed, and fail loudly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, parse_database_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!k2-production-secret-key-for-tests-only-0123456789abcdef",
    "ALLOWED_HOSTS": "journal.example.org",
    "SITE_URL": "https://journal.example.org",
}


def _manage(tmp_path, *args, **env):
    dropped = {"DEBUG", "SECRET_KEY", "TESTING", "REDIS_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "VAR_DIR": str(tmp_path)})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_values(tmp_path):
    result = _manage(tmp_path, "check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    # Django's own deployment warnings (HSTS, secure cookies, SSL redirect...) are all met.
    assert "security.W" not in result.stderr + result.stdout
    # ... and so are django-oauth-toolkit's RFC 9700 (OAuth 2.0 Security BCP) checks.
    assert "oauth2_provider.W" not in result.stderr + result.stdout


def test_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    env = dict(PRODUCTION)
    env.pop("SECRET_KEY")
    result = _manage(tmp_path, "check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("DATABASE_URL", "mysql://x/y", "is not sqlite or postgres"),
        ("REDIS_URL", "http://localhost", "REDIS_URL must be a redis://"),
        ("SITE_URL", "journal.example.org", "SITE_URL must start with"),
    ],
)
def test_bad_values_fail_loudly(tmp_path, name, value, message):
    result = _manage(tmp_path, "check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_env_readers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 1) == 12
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "-1")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1, minimum=0)


def test_database_urls(tmp_path):
    sqlite = parse_database_url(f"sqlite:///{tmp_path}/a/db.sqlite3", base_dir=tmp_path)
    assert sqlite["ENGINE"].endswith("sqlite3") and sqlite["NAME"].endswith("a/db.sqlite3")
    pg = parse_database_url("postgres://u:p%40ss@db.example:5433/jf", base_dir=tmp_path)
    assert (pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "jf",
        "u",
        "p@ss",
        "db.example",
        "5433",
    )
    assert pg["OPTIONS"]["pool"]["max_size"] == 20
    with pytest.raises(ImproperlyConfigured):
        parse_database_url("postgres://u@host/", base_dir=tmp_path)


def test_protocol_paths_never_redirect(client, settings):
    assert settings.APPEND_SLASH is False
    response = client.post("/interface/flat", {"mode": "getchallenge"})
    assert response.status_code != 301
