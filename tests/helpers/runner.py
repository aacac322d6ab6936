"""Waiting for a runner op from a test (or a script), with a deadline: the runner itself has no blocking call.

`call(runner, op)` queues `op(store)` on the database worker and waits for it there to finish; past `timeout` seconds
it raises TimeoutError instead of hanging (a CI run once hung forever on an unbounded wait of this kind).
"""

from __future__ import annotations

import threading
from typing import Any

from app.store import Store
from app.ui.runner import DbOp, Runner

TIMEOUT = 30.0


def call(runner: Runner, op: DbOp, timeout: float = TIMEOUT) -> Any:
    """`op(store)` on the runner's database worker; its result, or its exception raised here."""
    finished = threading.Event()
    box: dict[str, Any] = {}

    def waited(store: Store) -> None:
        try:
            box["result"] = op(store)
        except BaseException as exc:  # handed to the waiting caller, raised there
            box["error"] = exc
        finally:
            finished.set()

    runner.run(waited)
    if not finished.wait(timeout):
        raise TimeoutError(f"the runner's database worker did not answer within {timeout} s")
    if "error" in box:
        raise box["error"]
    return box["result"]
