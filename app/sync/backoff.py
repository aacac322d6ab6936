"""Exponential backoff with full jitter (AWS architecture blog): deterministic when given a seeded Random."""

from __future__ import annotations

import random


class Backoff:
    """Delays for successive failures: uniform(0, min(cap, base * 2**n)); `reset()` after a success."""

    def __init__(self, base: float = 0.5, cap: float = 60.0, rng: random.Random | None = None) -> None:
        if base <= 0 or cap < base:
            raise ValueError("退避参数无效 / backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self.rng = rng or random.Random()
        self.failures = 0

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * 2 ** min(self.failures, 32))
        self.failures += 1
        return self.rng.uniform(0, ceiling)

    def reset(self) -> None:
        self.failures = 0
