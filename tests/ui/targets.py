"""Many valid targets, fast, for the large-list tests."""

from __future__ import annotations

from datetime import UTC, datetime

from app.models import Target
from app.rules.credit_code import make


def synthetic_targets(count: int) -> list[Target]:
    """Many valid targets fast (constructed without re-validation; the credit codes carry real check characters)."""
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    return [
        Target.model_construct(
            id=f"00000000-0000-7000-8000-{i:012d}",
            version=0,
            updated_at=stamp,
            credit_code=make(f"91310105MA1F{i:05d}"),
            credit_code_override=None,
            name=f"长宁测试宾馆{i:06d}",
            industry="hotel",
            district="310105",
            street="新华路街道",
            address=f"长宁区新华路{i}号",
            licences=[],
            grade="ABCD"[i % 4],
            grade_reasons=[],
            do_not_disturb=i % 10 == 0,
        )
        for i in range(count)
    ]
