"""The PyInstaller bundle, built from build.spec as a release is, runs on its own: it fills a store, opens the main
window offscreen and renders a document with the CJK font it carries (`field-inspector self-check`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 1200  # s: ~1 min on an idle 2-core machine; the bound only catches a hang


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), "build.spec"],
        cwd=ROOT, check=True, timeout=BUILD_TIMEOUT,
    )  # fmt: skip
    exe = work / "dist" / f"field-inspector-{__version__}" / "field-inspector"
    assert exe.is_file()
    return exe


def _run(exe: Path, *args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELD_INSPECTOR_DATA": str(data)}
    env.pop("FIELD_INSPECTOR_CJK_FONT", None)  # the bundle's own font, not one the environment points at
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.timeout(BUILD_TIMEOUT + 600)
def test_the_bundle_opens_the_window_and_renders_with_its_own_font(bundle: Path, tmp_path: Path) -> None:
    version = _run(bundle, "--version", data=tmp_path / "data")
    assert version.returncode == 0 and __version__ in version.stdout

    store, pdf = tmp_path / "store.sqlite3", tmp_path / "check.pdf"
    filled = subprocess.run(  # the demo is the checkout's, not the bundle's: a store as a synced laptop has it
        [sys.executable, "-m", "demo", "store", "--targets", "25", "--store", str(store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert filled.returncode == 0, filled.stderr

    checked = _run(bundle, "self-check", "--store", str(store), "--pdf", str(pdf), data=tmp_path / "data")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = json.loads(checked.stdout.strip().splitlines()[-1])
    assert report["target_rows"] == 25
    assert report["font_bundled"], f"the document used {report['font']}, not the bundle's font"
    assert Path(report["font"]).is_relative_to(bundle.parent)

    fonts = {str(font["/BaseFont"]) for page in PdfReader(pdf).pages for _, font in page["/Resources"]["/Font"].items()}
    assert any("CJK" in name for name in fonts), fonts
