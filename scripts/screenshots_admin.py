"""Screenshots of the admin's pages (issue 15): docs/admin-import-preview.png (a targets file previewed: refused rows
with their reasons, and what would be created), docs/admin-import-progress.png (a 100,000-row file being checked
on the server, the bar fed by the worker), docs/admin-import-users.png (a whole staff list previewed: the users it
omits to be deactivated, never deleted), docs/admin-people.png (users and teams), docs/admin-devices.png
(signed-in devices), docs/admin-codes.png (codes with one's use log, a revocation reason typed),
docs/admin-catalogue.png (an item of a used checklist edited: saved as a new version),
docs/complaint-dialog.png (a complaint being recorded on a searched target, with its task) and
docs/complaints-replies.png (the complaints with their reply deadlines, one overdue, one closed with its reply).

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshots_admin.py
It starts a real server with the demo district in a temporary folder and stops it at the end.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from shots import ROOT, save_png

from app.models import Inspector, Target, Task
from app.planning.complaints import close_complaint
from app.planning.named_tasks import record_complaint
from app.store import Store
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.errors import SyncError
from app.ui.admin import AdminClient, AdminPages
from app.ui.application import create_application
from app.ui.i18n import Translations
from app.ui.runner import Runner
from app.ui.tasks import ComplaintsDialog, NamedTaskDialog
from demo import DEMO_PASSWORD
from tests.helpers.live_server import start_server


def _until(app: object, done: object, what: str) -> None:
    deadline = time.monotonic() + 60
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not happen within 60 s")
        app.processEvents()


def _sign_in(url: str, folder: Path, username: str) -> tuple[Store, AdminClient]:
    store = Store.open(folder / "store.sqlite3")
    session = auth.login(store, auth.TokenVault(folder, None), url, username, DEMO_PASSWORD)
    client = AdminClient(url, session.token, timeout=(2.0, 60.0))
    SyncEngine(store, client).sync()
    return store, client


def main() -> None:
    app = create_application([])
    Translations(app).install("zh")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = start_server(folder)
        try:
            server.cli("init", "--admin", "admin", "--password", DEMO_PASSWORD)
            server.load_demo(60)
            for username in ("zhang.wei", "li.na"):  # two laptops signed in, for the devices page
                other, other_client = _sign_in(server.url, folder / username, username)
                other.close()
                other_client.close()
            store, client = _sign_in(server.url, folder / "admin", "admin")
            for task in store.find(Task, status="planned"):
                if len(task.inspector_ids) >= 2:
                    try:
                        code = client.request_code([task.id]).code
                        break
                    except SyncError:
                        continue
            SyncEngine(store, client).sync()
            admin_user = store.find(Inspector, username="admin")[0]
            today = date.today()  # complaints with their reply deadlines: one overdue, one due, one answered
            salons = store.find(Target, industry="beauty_salon")
            for n, (summary, days, due) in enumerate(
                (("毛巾重复使用、未见消毒记录", 30, -3), ("店内吸烟，空气不流通", 2, 13), ("美甲工具未消毒", 20, 1))
            ):
                complaint = record_complaint(
                    store,
                    target_id=salons[n].id,
                    summary=summary,
                    received_on=today - timedelta(days=days),
                    reply_due_on=today + timedelta(days=due),
                    source="12345市民热线",
                )
            close_complaint(
                store, complaint.id, reply="经现场核查，已责令整改并复查合格", replied_on=today, today=today
            )
            path = store.path
            store.close()
            runner = Runner(path)
            pages = AdminPages(runner, client)
            pages.resize(1180, 640)
            pages.show()

            _until(app, lambda: pages.people.users.rowCount() > 10, "the users list")
            pages.people.users.resizeColumnsToContents()
            save_png(pages, ROOT / "docs" / "admin-people.png")

            pages.setCurrentWidget(pages.devices)
            _until(app, lambda: len(pages.devices.devices) >= 3, "the devices list")
            pages.devices.table.selectRow(1)
            save_png(pages, ROOT / "docs" / "admin-devices.png")

            pages.setCurrentWidget(pages.imports)
            pages.imports.set_kind("targets")
            pages.imports.set_file(ROOT / "tests" / "data" / "targets_import.xlsx")
            pages.imports.preview()
            _until(app, lambda: pages.imports.report is not None, "the preview")
            for table in (pages.imports.refused, pages.imports.changes):
                table.resizeColumnsToContents()
                table.horizontalHeader().setStretchLastSection(True)
                table.resizeRowsToContents()
            save_png(pages, ROOT / "docs" / "admin-import-preview.png")

            big = folder / "targets-100000.csv"  # the server's progress through a large file, as it checks the rows
            rows = [f"测试宾馆{n},91310105MA1FL{n:05d},天山路{n}号,天山路街道,宾馆" for n in range(100_000)]
            big.write_text("企业名称,统一社会信用代码,地址,街道,行业\n" + "\n".join(rows) + "\n", encoding="utf-8")
            pages.imports.set_file(big)
            pages.imports.preview()
            _until(
                app,
                lambda: any(s == "checking" and 30_000 < d < 90_000 for s, d, _t in pages.imports.rows_seen),
                "the rows' progress",
            )
            save_png(pages, ROOT / "docs" / "admin-import-progress.png")
            _until(app, lambda: pages.imports.report is not None, "the large preview")

            staff = folder / "staff.csv"  # a whole staff list: the users it omits are deactivated, never deleted
            people = {i.username: i for i in Store.open(folder / "admin" / "store.sqlite3").list(Inspector)}
            leaving = ("li.", "wang.", "admin")  # the admin importing is never deactivated, listed or not
            kept = [p for name, p in sorted(people.items()) if not name.startswith(leaving)]
            roles = {"inspector": "监督员", "team_lead": "科室负责人", "admin": "管理员"}
            lines = [f"{p.name},{p.username},{p.certificate_no or ''},{p.team},{roles[p.role]}" for p in kept]
            staff.write_text("姓名,用户名,执法证号,科室,角色\n" + "\n".join(lines) + "\n", encoding="utf-8")
            pages.imports.set_kind("users")
            pages.imports.set_file(staff)
            pages.imports.preview()
            _until(app, lambda: pages.imports.report is not None, "the users preview")
            save_png(pages, ROOT / "docs" / "admin-import-users.png")

            pages.setCurrentWidget(pages.codes)
            _until(app, lambda: any(c.id == code.id for c, _ in pages.codes.codes), "the codes list")
            pages.codes.select_code(code.id)
            _until(app, lambda: pages.codes.uses.count() >= 1, "the use log")
            pages.codes.reason.setText("任务取消：对象已停业")
            pages.codes.table.resizeColumnsToContents()
            save_png(pages, ROOT / "docs" / "admin-codes.png")

            pages.setCurrentWidget(pages.catalogue)  # an item of a checklist the code uses: saved as a new version
            _until(app, lambda: len(pages.catalogue.sheets) > 3, "the checklists")
            used = {i for c in [code] for i in c.checklist_item_ids}
            sheet = next(s for s in pages.catalogue.sheets if any(i.id in used for i in s.items))
            pages.catalogue.select_checklist(sheet.checklist.code)
            pages.catalogue.select_item(sheet.items[0].code)
            pages.catalogue.basis.setText(sheet.items[0].legal_basis + "、第十四条")
            pages.catalogue.save_item()
            _until(app, lambda: "第 2 版" in pages.catalogue.message.text(), "the catalogue edit")
            pages.catalogue.sheet_table.resizeColumnsToContents()
            pages.catalogue.sheet_table.horizontalHeader().setStretchLastSection(True)
            save_png(pages, ROOT / "docs" / "admin-catalogue.png")
            pages.close()

            dialog = NamedTaskDialog(runner, admin_user, "complaint")
            dialog.show()
            dialog.query.setText("美")
            _until(app, lambda: dialog.targets.count() > 0 and "美" in dialog.targets.item(0).text(), "the search")
            dialog.targets.setCurrentRow(0)
            dialog.content.setPlainText("市民来电反映：该店毛巾重复使用、未见消毒记录，要求核查。")
            save_png(dialog, ROOT / "docs" / "complaint-dialog.png")
            dialog.close()

            replies = ComplaintsDialog(runner)
            replies.show()
            _until(app, lambda: len(replies.lines) >= 3, "the complaints")
            replies.select_complaint(replies.lines[1].complaint.id)  # the overdue one stays red, unselected
            replies.reply.setPlainText("经现场核查，该店已设置禁烟标识并加强通风，已告知投诉人")
            save_png(replies, ROOT / "docs" / "complaints-replies.png")
            replies.close()
            runner.close()
            client.close()
        finally:
            server.kill()


if __name__ == "__main__":
    main()
