"""app/models/limits.py: what no stored or sent string may hold, whatever its characters."""

from __future__ import annotations

import pytest

from app.models.limits import clean


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "检查\x00码", "检查码\ud800", "\udfff", "abc\udc80"])
def test_a_nul_or_a_lone_surrogate_is_refused_in_ascii_and_in_chinese_text(text: str) -> None:
    with pytest.raises(ValueError, match="NUL"):
        clean(text)


@pytest.mark.parametrize("text", ["", "91310105MA1FL3XQ2N", "长宁路 100 号", "emoji 😀", "tab\tnew\nline"])
def test_ordinary_text_passes_unchanged(text: str) -> None:
    assert clean(text) is text
