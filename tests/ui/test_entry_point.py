"""`field-inspector`'s command line: demo-data dispatch, and bad input refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.__main__ import main
from app.store import Store


def test_demo_data_fills_the_named_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite3"
    assert main(["demo-data", "--targets", "25", "--store", str(path)]) == 0
    with Store.open(path) as store:
        assert len(store.target_ids()) == 25
    assert str(path) in capsys.readouterr().out


def test_a_user_name_that_cannot_name_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--user", "../elsewhere"]) == 2
    err = capsys.readouterr().err
    assert "用户名不可用作文件夹名" in err and "cannot name a folder" in err
    assert not any(tmp_path.rglob("*.sqlite3"))


def test_an_unknown_language_is_refused_before_anything_opens(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "fr"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_a_store_from_a_newer_app_is_refused_and_left_alone(
    qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "newer.sqlite3"
    with Store.open(path) as store:
        store.db.execute("PRAGMA user_version = 999")
    before = path.read_bytes()
    assert main(["run", "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert "更新版本" in err and "newer version" in err
    assert path.read_bytes() == before
