"""申码 whose answer is lost (issue 12): the request reached the server and the code was issued, but the answer was cut
on the way back. Asking again gets the same code (the same caller, the same tasks); anyone else is still refused
`code_exists`. Through the fault proxy, with the real server."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import InspectionCode
from app.sync import codes
from app.sync.codes import request_codes
from app.sync.errors import OfflineError
from tests.helpers.devices import enrol
from tests.helpers.fault_proxy import FaultPlan, FaultProxy
from tests.helpers.live_server import LiveServer
from tests.sync.test_no_false_conflicts import planned_tasks

pytestmark = pytest.mark.e2e

CUT = FaultPlan(weights={"cut_answer": 1.0})  # every request reaches the server; no answer comes back
PASS = FaultPlan()


def _issued_codes(device, task_id: str) -> list[InspectionCode]:
    device.engine.sync()
    return [c for c in device.store.list(InspectionCode) if task_id in c.task_ids]


def test_a_lost_answer_is_asked_again_and_the_same_code_comes_back(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task, _other = planned_tasks(live_server)
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang", sync_url=proxy.url)
    li = enrol(live_server.url, tmp_path / "li", "li")
    try:
        proxy.set_plan(PASS)
        zhang.engine.sync()
        li.engine.sync()
        proxy.set_plan(CUT)
        monkeypatch.setattr(codes, "ATTEMPTS", 1)  # the app's own retry off: the loss reaches the caller
        with pytest.raises(OfflineError):
            request_codes(zhang.store, zhang.client, [task.id])
        assert "cut_answer" in proxy.faults
        assert zhang.store.list(InspectionCode) == []  # nothing came back, nothing stored

        proxy.set_plan(PASS)
        [again] = request_codes(zhang.store, zhang.client, [task.id])  # asked again, as the user would
        assert again.refusal is None and again.code is not None
        [issued] = _issued_codes(zhang, task.id)  # one code on the server: the first request's
        assert issued.id == again.code.id and issued.signature == again.code.signature

        [refused] = request_codes(li.store, li.client, [task.id])  # someone else: still refused
        assert refused.code is None and refused.refusal and "already have a valid code" in refused.refusal
    finally:
        zhang.close()
        li.close()


def test_the_app_asks_again_by_itself_when_the_first_answer_is_lost(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    task, _other = planned_tasks(live_server)
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang", sync_url=proxy.url)
    try:
        zhang.engine.sync()
        # The first request's answer is cut, the second passes: one call of request_codes gets the code.
        proxy.set_plan(FaultPlan(seed=0, weights={"cut_answer": 1.0}))
        first_cut = _CutOnce(proxy)
        [answer] = request_codes(zhang.store, zhang.client, [task.id])
        assert first_cut.cut and answer.code is not None
        assert [c.id for c in _issued_codes(zhang, task.id)] == [answer.code.id]
    finally:
        zhang.close()


class _CutOnce:
    """Switch the proxy to passing once it has cut one answer."""

    def __init__(self, proxy: FaultProxy) -> None:
        self.proxy = proxy
        self.cut = False
        original = proxy._draw

        def draw() -> str:
            if self.cut:
                return "pass"
            fault = original()
            self.cut = fault == "cut_answer"
            return fault

        proxy._draw = draw  # type: ignore[method-assign]
