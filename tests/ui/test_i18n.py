"""app/ui/i18n.py's one language switch: a refusal, a bilingual pair and a "中文 / English" text each show the side of
the language installed, never both."""

from __future__ import annotations

from app.planning.errors import PlanningError
from app.ui.i18n import bilingual_part, current_language, error_text, in_language


def test_every_bilingual_text_follows_the_installed_language(translations) -> None:
    refused = PlanningError("计划尚未备案", "the plan is not filed")
    assert current_language() == "zh"
    assert (error_text(refused), in_language("是", "yes"), bilingual_part("文件过大 / file too large")) == (
        "计划尚未备案", "是", "文件过大"
    )  # fmt: skip
    translations.install("en")
    assert current_language() == "en"
    assert (error_text(refused), in_language("是", "yes"), bilingual_part("文件过大 / file too large")) == (
        "the plan is not filed", "yes", "file too large"
    )  # fmt: skip
    assert str(refused) == "计划尚未备案 / the plan is not filed"  # for logs and the server: both, unchanged
    assert error_text(OSError("disk full")) == "disk full" and bilingual_part("只有中文") == "只有中文"
