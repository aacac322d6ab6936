"""The target profile's actions (issue 16): a lead opens the visit decisions (无事不扰 with a reason and an end date)
from the profile, and the profile shows the decision; an admin files a grading signal through the server's route and
the profile shows the new grade after the sync; a lead's filing, a NUL source and an offline filing are refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.models.domain import Inspector, Target
from app.models.enums import Role
from app.store import Store
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.signals import SignalClient
from app.ui.runner import Runner
from app.ui.target_profile import TargetProfileView
from demo import DEMO_PASSWORD
from tests.helpers.live_server import LiveServer, demo_server  # noqa: F401 (fixture)
from tests.helpers.runner import call

SignedIn = tuple[Runner, SignalClient, type[SyncEngine]]


def _profile(qtbot, runner: Runner, target_id: str) -> TargetProfileView:
    view = TargetProfileView(runner)
    qtbot.add_widget(view)
    view.show()
    with qtbot.waitSignal(view.shown):
        view.show_target(target_id)
    return view


def test_who_sees_which_action(qtbot, demo_store: Store, make_runner) -> None:
    people = {p.role: p for p in demo_store.list(Inspector)}
    target_id = demo_store.list(Target)[0].id
    view = _profile(qtbot, make_runner(demo_store), target_id)
    shown = {}
    for role in (Role.INSPECTOR, Role.TEAM_LEAD, Role.ADMIN):
        view.set_user(people[role])
        shown[role] = (view.visit_button.isVisible(), view.signal_button.isVisible())
    assert shown == {Role.INSPECTOR: (False, False), Role.TEAM_LEAD: (True, False), Role.ADMIN: (True, True)}
    view.set_user(people[Role.ADMIN], None)
    dialog = view.open_signal_dialog()
    assert dialog is not None and not dialog.file_button.isEnabled()  # offline: nothing can be filed
    assert "未连接服务器" in dialog.message.text() and dialog.file() is False


def test_a_lead_decides_do_not_disturb_from_the_profile(qtbot, demo_store: Store, make_runner) -> None:
    lead = demo_store.find(Inspector, username="lead.public")[0]
    target = next(t for t in demo_store.list(Target) if not t.do_not_disturb)
    runner = make_runner(demo_store)
    view = _profile(qtbot, runner, target.id)
    view.set_user(lead)
    dialog = view.open_visit_decisions()
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy and dialog.decide_button.isEnabled())
    assert target.name in dialog.state.text()
    dialog.exemption_reason.setText("企业停业装修")
    with qtbot.waitSignal(view.shown):  # the profile reads the target again once the decision is saved
        dialog.decide_button.click()
    assert "已列入无事不扰清单" in view.grade_body.text() and "企业停业装修" in view.grade_body.text()
    assert view.dnd_chip.isVisible()
    assert call(runner, lambda s: s.get(Target, target.id)).do_not_disturb_by == "decision"


@pytest.fixture
def signed_in(tmp_path: Path, demo_server: LiveServer) -> Iterator[Callable[[str], SignedIn]]:  # noqa: F811
    """Sign a demo user in on their own store; the runner over it and their signal client."""
    runners: list[Runner] = []

    def sign_in(username: str) -> SignedIn:
        folder = tmp_path / username
        store = Store.open(folder / "store.sqlite3")
        session = auth.login(store, auth.TokenVault(folder, None), demo_server.url, username, DEMO_PASSWORD)
        client = SignalClient(demo_server.url, session.token, timeout=(2.0, 30.0))
        SyncEngine(store, client).sync()
        path = store.path
        store.close()
        runners.append(Runner(path))
        return runners[-1], client, SyncEngine

    yield sign_in
    for runner in runners:
        runner.close()


def test_an_admin_files_a_signal_and_the_profile_shows_the_new_grade_after_sync(qtbot, signed_in) -> None:
    runner, client, engine = signed_in("admin")
    target = call(runner, lambda s: next(t for t in s.list(Target) if t.industry == "hotel"))
    view = _profile(qtbot, runner, target.id)
    view.set_user(call(runner, lambda s: s.find(Inspector, username="admin")[0]), client)
    dialog = view.open_signal_dialog()
    assert dialog is not None
    dialog.choose("complaints_substantiated")
    dialog.count.setValue(3)
    dialog.note.setText("投诉\x00处理结果")
    with qtbot.waitSignal(dialog.refused) as refused:
        assert dialog.file() is False  # a NUL in the source never leaves the laptop
    assert "空字符" in refused.args[0]
    dialog.note.setText("投诉处理结果：查实 3 件")
    with qtbot.waitSignal(view.signal_filed, timeout=20_000) as filed:
        assert dialog.file()
    [move] = filed.args[0]
    assert f"→ {move.after}（{move.score} 分）" in dialog.message.text()
    call(runner, lambda s: engine(s, client).sync())  # the main window syncs on `signal_filed`
    with qtbot.waitSignal(view.shown):
        view.reload()
    assert "查实的投诉举报" in view.grade_body.text() and f"{move.score} 分" in view.grade_title.text()
    assert view.grade_chip.text() == f"{move.after} 级"
    dialog.count.setValue(4)  # one more found true: the moves say why
    with qtbot.waitSignal(view.signal_filed, timeout=20_000) as filed:
        assert dialog.file()
    [again] = filed.args[0]
    assert again.score == move.score - 5 and "查实的投诉举报：3 → 4" in dialog.message.text()


def test_a_lead_cannot_file_a_signal(qtbot, signed_in) -> None:
    runner, client, _ = signed_in("lead.public")
    target_id = call(runner, lambda s: s.list(Target)[0].id)
    view = _profile(qtbot, runner, target_id)
    lead = call(runner, lambda s: s.find(Inspector, username="lead.public")[0])
    view.set_user(lead.model_copy(update={"role": Role.ADMIN}), client)  # a forged role on the laptop
    dialog = view.open_signal_dialog()
    assert dialog is not None
    dialog.choose("credit_repairs")
    dialog.count.setValue(5)
    with qtbot.waitSignal(dialog.refused, timeout=20_000) as refused:
        assert dialog.file()
    assert "只有管理员可以登记分级信号" in refused.args[0]  # the server decides, not the laptop's role
