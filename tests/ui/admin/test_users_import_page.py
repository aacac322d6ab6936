"""The imports page with a whole staff list (issue 15): the preview says how many users the file omits and lists each
as deactivated, not deleted; unticked, nobody is; the import deactivates them (they cannot sign in), and the admin
importing stays."""

from __future__ import annotations

from pathlib import Path

import requests

from app.models import Inspector
from app.ui.admin import ImportsPage
from app.ui.runner import Runner
from demo import DEMO_PASSWORD
from tests.helpers.live_server import LiveServer, demo_server  # noqa: F401 (fixture)
from tests.ui.admin.test_admin_pages import _sign_in


def test_a_whole_staff_list_deactivates_the_users_it_omits(
    qtbot,
    demo_server: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    store, client, engine = _sign_in(demo_server.url, tmp_path / "admin", "admin")
    engine.sync()
    people = {i.username: i for i in store.list(Inspector)}
    kept = [people["admin"], people["zhang.wei"], people["lead.public"]]
    omitted = sorted(set(people) - {p.username for p in kept})
    staff = tmp_path / "staff.csv"
    lines = ["姓名,用户名,执法证号,科室,角色"]
    roles = {"inspector": "监督员", "team_lead": "科室负责人", "admin": "管理员"}
    lines += [f"{p.name},{p.username},{p.certificate_no or ''},{p.team},{roles[p.role]}" for p in kept]
    staff.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = store.path
    store.close()
    runner = Runner(path)
    page = ImportsPage(runner, client)
    qtbot.addWidget(page)
    page.set_kind("users")
    page.set_file(staff)
    assert page.deactivate.isChecked() and not page.deactivate.isHidden()

    page.deactivate.setChecked(False)  # not a whole list: nobody is deactivated
    page.preview()
    qtbot.waitUntil(lambda: page.report is not None, timeout=30_000)
    assert page.report.deactivated_count == 0 and "停用" not in page.summary.text()

    page.deactivate.setChecked(True)
    page.preview()
    qtbot.waitUntil(lambda: page.report is not None, timeout=30_000)
    assert page.report.dry_run and page.report.deactivated_count == len(omitted)
    assert f"停用 {len(omitted)} 人（名单中没有，不删除）" in page.summary.text()
    rows = {page.changes.item(r, 1).text(): page.changes.item(r, 3).text() for r in range(page.changes.rowCount())}
    assert all(rows[u] == "停用（名单中没有，不删除）" for u in omitted)
    assert page.import_button.isEnabled()
    page.run_import()
    qtbot.waitUntil(lambda: page.report is not None and not page.report.dry_run, timeout=30_000)
    for username, status in ((omitted[0], 401), ("zhang.wei", 200)):
        body = {"username": username, "password": DEMO_PASSWORD, "device_id": "dev-9"}
        assert requests.post(f"{demo_server.url}/api/auth/login", json=body, timeout=30).status_code == status
    assert client.pull(0, 10) is not None  # the admin importing stays signed in
    runner.close()
    client.close()
