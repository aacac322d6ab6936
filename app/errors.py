"""The one bilingual error base: every refusal a user reads says why in Chinese and English."""

from __future__ import annotations


class BilingualError(Exception):
    """A refusal; `zh` and `en` say why. `text(language)` is the side a user reads in the UI's language
    (`app.ui.i18n.error_text` picks it); `str()` is "中文 / English", for logs and the server's answers.

    Subclasses name what refused (StoreError, SyncError, PlanningError …); those that were ValueErrors stay so,
    because pydantic validators must raise ValueError.
    """

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def text(self, language: str) -> str:
        """The message in `language` ("en"; anything else is Chinese, the source language)."""
        return self.en if language == "en" else self.zh
