import random

import pytest

from app.sync.backoff import Backoff


def test_backoff_is_repeatable_from_a_seed_and_bounded() -> None:
    first = Backoff(0.5, 8.0, random.Random(3)).next_delay()
    a, b = Backoff(0.5, 8.0, random.Random(3)), Backoff(0.5, 8.0, random.Random(3))
    delays = [a.next_delay() for _ in range(10)]
    assert delays == [b.next_delay() for _ in range(10)]
    assert delays[0] == first
    assert all(0 <= d <= min(8.0, 0.5 * 2**n) for n, d in enumerate(delays))
    a.reset()
    assert a.failures == 0


def test_backoff_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="backoff"):
        Backoff(base=0)
