"""The conflict inbox page against the real server (issue 12): an inspector sees her parked change with the server's
reason in her language; the team lead sees the team's conflict (two inspectors' addresses) with both values and
resolves it by choosing the other value, which the server then holds."""

from __future__ import annotations

from pathlib import Path

from app.models import Target
from app.ui.conflict_inbox import ConflictInbox
from app.ui.runner import Runner
from tests.helpers.devices import enrol, new_target, server_record
from tests.helpers.live_server import LiveServer, live_server  # noqa: F401 (fixture)


def test_parked_work_in_words_and_the_leads_inbox_resolved_by_choice(
    qtbot,
    live_server: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    target = lead.store.save(new_target("两位监督员改了地址的宾馆"))
    lead.engine.sync()
    zhang, li = (enrol(live_server.url, tmp_path / u, u) for u in ("zhang", "li"))
    for device, address in ((zhang, "长宁路8号甲"), (li, "长宁路8号乙")):
        device.engine.sync()
        device.store.save(device.store.get(Target, target.id).model_copy(update={"address": address}))
    zhang.engine.sync()
    li.engine.sync()  # li's address is refused as a conflict: the lead's inbox keeps it
    zhang.store.save(new_target("监督员不能新建的对象"))  # refused for good: parked with the reason
    zhang.engine.sync()
    zhang_path, lead_path = zhang.store.path, lead.store.path
    zhang.close()
    li.close()
    lead.store.close()

    runner = Runner(zhang_path)
    page = ConflictInbox(runner, None)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.parked.count() == 1 and "无权" in page.parked.item(0).text(), timeout=10_000)
    assert not page.inbox.isVisibleTo(page)  # an inspector has no team inbox
    runner.close()

    runner = Runner(lead_path)
    inbox = ConflictInbox(runner, lead.client)
    qtbot.addWidget(inbox)
    qtbot.waitUntil(lambda: inbox.inbox.count() == 1, timeout=10_000)
    shown = inbox.inbox.item(0).text()
    assert "长宁路8号甲" in shown and "长宁路8号乙" in shown and "zhang" in shown and "li" in shown

    inbox.other_button.click()

    qtbot.waitUntil(lambda: inbox.message.text().startswith("已处理"), timeout=10_000)
    qtbot.waitUntil(lambda: inbox.inbox.count() == 0, timeout=10_000)
    assert server_record(live_server, "targets", target.id)[1]["address"] == "长宁路8号乙"
    runner.close()
    lead.client.close()
