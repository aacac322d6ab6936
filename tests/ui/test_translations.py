"""The English translation file covers every visible string of the UI, and the compiled .qm matches the .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.models.enums import INDUSTRY_ZH, InspectionStatus, ResultValue, TaskCategory, TaskStatus
from app.rules.sampling import SelectionReason
from app.ui import labels
from app.ui.i18n import LanguageError, Translations
from app.ui.qt import QApplication, QCoreApplication
from app.ui.resources import resource_dir

TS = resource_dir() / "i18n" / "field_inspector_en.ts"
QM = resource_dir() / "i18n" / "field_inspector_en.qm"
UI_SOURCES = sorted(Path(labels.__file__).parent.rglob("*.py"))  # every module of app/ui, subpackages too
TOOLS = Path(sys.executable).parent


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name"), message.findtext("source")): message.find("translation")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def _tool(name: str) -> str:
    path = TOOLS / name
    if not path.exists():
        pytest.fail(f"{name} not found beside {sys.executable}: PySide6 ships it")
    return str(path)


def test_every_source_string_has_a_finished_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copyfile(TS, fresh)
    subprocess.run(
        [_tool("pyside6-lupdate"), *map(str, UI_SOURCES), "-locations", "none", "-no-obsolete", "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    committed, current = _messages(TS), _messages(fresh)
    assert set(current) == set(committed), "run pyside6-lupdate (see app/ui/i18n.py) and translate the new strings"
    unfinished = [key for key, translation in current.items() if translation.get("type") or not translation.text]
    assert unfinished == []


def test_the_compiled_qm_is_up_to_date(tmp_path: Path) -> None:
    qm = tmp_path / "en.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True, capture_output=True)
    assert qm.read_bytes() == QM.read_bytes(), "run pyside6-lrelease (see app/ui/i18n.py)"


def test_vocabulary_labels_cover_every_value() -> None:
    assert set(labels.INDUSTRY_SOURCES) == set(INDUSTRY_ZH.values())
    assert set(labels.TASK_CATEGORY_ZH) == set(TaskCategory)
    assert set(labels.TASK_STATUS_ZH) == set(TaskStatus)
    assert set(labels.INSPECTION_STATUS_ZH) == set(InspectionStatus)
    assert set(labels.RESULT_ZH) == set(ResultValue)
    assert set(labels.SELECTION_REASON_ZH) == set(SelectionReason)


def test_labels_follow_the_installed_language(qapp: QApplication) -> None:
    translations = Translations(qapp)
    try:
        translations.install("en")
        assert labels.industry_label("swimming") == "Swimming venue"
        assert labels.task_category_label("follow_up") == "Follow-up"
        assert QCoreApplication.translate("TargetTable", "名称") == "Name"
        translations.install("zh")
        assert labels.industry_label("swimming") == "游泳场所"
    finally:
        translations.install("zh")


def test_an_unknown_value_shows_as_itself() -> None:
    assert labels.industry_label("pharmacy") == "pharmacy"


def test_an_unknown_language_is_refused(qapp: QApplication) -> None:
    translations = Translations(qapp)
    with pytest.raises(LanguageError, match=r"不支持的界面语言.*unsupported interface language"):
        translations.install("fr")
    assert translations.language == "zh"
