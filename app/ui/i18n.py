"""Interface language. The source strings are Chinese; English comes from a compiled Qt translation file.

Installing a translator makes Qt send a LanguageChange event to every widget, so windows re-translate while open.
After changing a visible string, update and compile the translation (tests/ui/test_translations.py checks both):
    .venv/bin/pyside6-lupdate $(find app/ui -name '*.py' | sort) -locations none -no-obsolete \
        -ts resources/i18n/field_inspector_en.ts
    .venv/bin/pyside6-lrelease resources/i18n/field_inspector_en.ts -qm resources/i18n/field_inspector_en.qm
"""

from __future__ import annotations

from app.ui.qt import QCoreApplication, QLocale, QTranslator
from app.ui.resources import resource_dir

DEFAULT_LANGUAGE = "zh"
LANGUAGES = ("zh", "en")
_QM_FILES = {"en": "field_inspector_en.qm"}


class LanguageError(ValueError):
    pass


class Translations:
    """Keeps the installed translator alive and swaps it when the language changes."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.language = DEFAULT_LANGUAGE

    def install(self, language: str) -> None:
        if language not in LANGUAGES:
            raise LanguageError(
                f"不支持的界面语言 {language!r}，可选 {', '.join(LANGUAGES)} / "
                f"unsupported interface language {language!r}; choose one of {', '.join(LANGUAGES)}"
            )
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        qm_name = _QM_FILES.get(language)
        if qm_name:
            translator = QTranslator(self._app)
            qm_path = resource_dir() / "i18n" / qm_name
            if not translator.load(str(qm_path)):
                raise LanguageError(f"无法读取翻译文件 {qm_path} / cannot load the translation file {qm_path}")
            self._app.installTranslator(translator)
            self._translator = translator
        QLocale.setDefault(QLocale(QLocale.Language.English if language == "en" else QLocale.Language.Chinese))
        self.language = language
