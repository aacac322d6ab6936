"""Document errors: bilingual ("中文 / English") so the UI shows them as they are."""

from __future__ import annotations

from app.errors import BilingualError


class DocumentError(BilingualError):
    """A document could not be made or saved; `zh` and `en` say why. Nothing else was changed."""
