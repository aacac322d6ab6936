"""Document errors: bilingual ("中文 / English") so the UI shows them as they are."""

from __future__ import annotations


class DocumentError(Exception):
    """A document could not be made or saved; `zh` and `en` say why. Nothing else was changed."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
