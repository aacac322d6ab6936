"""Interface language. The source strings are Chinese; English comes from a compiled Qt translation file.

Installing a translator makes Qt send a LanguageChange event to every widget, so windows re-translate while open.
After changing a visible string, update and compile the translation (tests/ui/test_translations.py checks both):
    .venv/bin/pyside6-lupdate $(find app/ui -name '*.py' | sort) -locations none -no-obsolete \
        -ts resources/i18n/field_inspector_en.ts
    .venv/bin/pyside6-lrelease resources/i18n/field_inspector_en.ts -qm resources/i18n/field_inspector_en.qm
"""

from __future__ import annotations

from app.errors import BilingualError
from app.ui.qt import QCoreApplication, QLocale, QTranslator
from app.ui.resources import resource_dir

DEFAULT_LANGUAGE = "zh"
LANGUAGES = ("zh", "en")
_QM_FILES = {"en": "field_inspector_en.qm"}


_current = DEFAULT_LANGUAGE  # the language last installed; what error_text speaks


class LanguageError(ValueError):
    pass


def current_language() -> str:
    """The interface language now installed ("zh" until a Translations installs another)."""
    return _current


def in_language(zh: str, en: str, language: str | None = None) -> str:
    """One side of a bilingual message (the rules, the store and the server carry both): the interface language's."""
    return en if (language or _current) == "en" else zh


def bilingual_part(text: str, language: str | None = None) -> str:
    """The interface language's half of a "中文 / English" text carried as a string (a service's report of skipped
    files, a server's message); the whole text when it has no halves."""
    zh, sep, en = text.partition(" / ")
    return in_language(zh, en, language) if sep else text


def error_text(error: BaseException | str, language: str | None = None) -> str:
    """What a refusal says to the user, in the interface language: a BilingualError's own side (never the
    "中文 / English" of `str()`); any other exception, or a message already in words, as it is."""
    if isinstance(error, BilingualError):
        return in_language(error.zh, error.en, language)
    return str(error)


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
        global _current
        _current = language


def cannot_write(exc: OSError, language: str | None = None) -> str:
    """A file the user chose could not be written (an export), in the interface language."""
    return error_text(BilingualError(f"无法写入文件：{exc}", f"cannot write the file: {exc}"), language)
