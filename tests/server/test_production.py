"""Production mode refuses to start with default secrets: the demo password on an account, a well-known database
password, a signing key file others can read. Run in-process against the data folder the root conftest isolates."""

from __future__ import annotations

import pytest

from app.resources import DEMO_PASSWORD
from server import production
from server.__main__ import main
from server.core.config import Settings
from server.db.engine import make_engine, make_sessionmaker


def _problems(settings: Settings) -> list[str]:
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            return production.default_secrets(settings, session)
    finally:
        engine.dispose()


def test_an_account_with_the_demo_password_stops_a_production_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--admin", "root", "--password", DEMO_PASSWORD]) == 0
    monkeypatch.setenv(production.PRODUCTION_ENV, "1")
    assert main(["serve", "--port", "1"]) == 2  # refused before anything listens
    err = capsys.readouterr().err
    assert "refusing to start in production mode" in err and "published demo password (such as root)" in err
    assert DEMO_PASSWORD not in err


def test_a_clean_setup_has_no_default_secret_and_each_kind_is_found() -> None:
    assert main(["init", "--admin", "root", "--password", "a long and private pass phrase"]) == 0
    settings = Settings.from_env()
    assert _problems(settings) == []
    assert production.weak_database_password("postgresql://postgres:postgres@db.internal/fi")
    assert not production.weak_database_password("postgresql://fi:Xq3-long-random@db.internal/fi")
    assert not production.weak_database_password(settings.database_url)
    key = next(settings.key_dir.glob("*.pem"))
    key.chmod(0o644)
    assert any("signing key file is open" in p for p in _problems(settings))
