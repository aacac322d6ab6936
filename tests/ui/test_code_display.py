"""The 亮码 view: a QR code that scans back to the code's public page, the people and the window, and a red banner
for a code the store's gate would refuse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app.models import InspectionCode
from app.models.domain import Inspector
from app.rules.codes import Reason, code_url
from app.store import Store
from app.ui.code_display import CodeDisplay, read_code
from app.ui.qt import QImage, Qt
from app.ui.runner import Runner
from tests.helpers.gate import ME, PARTNER, CodeWorld, code_world
from tests.store.conftest import target

SERVER = "https://wj.example.gov.cn"


@pytest.fixture
def world(tmp_path: Path) -> CodeWorld:
    store = Store.open(tmp_path / "store.sqlite3")
    world = code_world(store, target(name="上海天山口腔门诊部"))
    store.save_many(
        [
            Inspector(id=ME, name="张伟", username="zhang.wei", certificate_no="31010500123", team="医疗卫生监督科"),
            Inspector(id=PARTNER, name="李娜", username="li.na", certificate_no="31010500456", team="医疗卫生监督科"),
        ],
        synced=True,
    )
    yield world
    store.close()


@pytest.fixture
def runner(world: CodeWorld, make_runner) -> Runner:
    return make_runner(world.store)


def _display(runner: Runner, world: CodeWorld, code_id: str, server_url: str = SERVER) -> CodeDisplay:
    """The window on a code as `open_code_display` builds it (the code read here, on the test's own connection)."""
    return CodeDisplay(runner, read_code(world.store, code_id), server_url)


def _shown(
    qtbot, runner: Runner, world: CodeWorld, code: InspectionCode, size: tuple[int, int] = (1366, 768)
) -> CodeDisplay:
    view = _display(runner, world, code.id)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def _scan(image: QImage) -> list[str]:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    pil = Image.frombytes(
        "RGB",
        (image.width(), image.height()),
        bytes(image.constBits())[: image.sizeInBytes()],
        "raw",
        "RGB",
        image.bytesPerLine(),
    )
    return [found.text for found in zxingcpp.read_barcodes(pil)]


def test_the_qr_scans_back_to_the_codes_public_page(qtbot, world: CodeWorld, runner: Runner) -> None:
    code = world.code()
    view = _shown(qtbot, runner, world, code)
    assert _scan(view.grab().toImage()) == [code_url(SERVER, code.short_code)]
    assert view.qr.module_px() >= 8, "large enough to scan from a phone at arm's length on a 1366×768 screen"


def test_the_qr_stays_sharp_and_scannable_when_small(qtbot, world: CodeWorld, runner: Runner) -> None:
    code = world.code()
    view = _shown(qtbot, runner, world, code, size=(800, 450))
    image, square = view.qr.grab().toImage(), view.qr.symbol_rect()
    inside = range(square.left(), square.right() + 1, 3), range(square.top(), square.bottom() + 1, 3)
    greys = {image.pixelColor(x, y).lightness() for x in inside[0] for y in inside[1]}
    assert greys == {0, 255}, "only black and white modules on whole pixels: no blur"
    assert _scan(view.grab().toImage()) == [code_url(SERVER, code.short_code)]


def test_it_shows_the_code_the_target_and_the_inspectors_with_their_certificates(
    qtbot, world: CodeWorld, runner: Runner
) -> None:
    code = world.code()
    view = _shown(qtbot, runner, world, code)
    assert view.short_code.text() == code.short_code
    assert view.target.text() == "上海天山口腔门诊部"
    assert view.credit_code.text().endswith(code.target_credit_code)
    for shown in ("张伟", "31010500123", "李娜", "31010500456"):
        assert shown in view.inspectors.text()
    assert view.banner.property("valid") is True
    assert view.short_code.font().pixelSize() >= 60, "the short code in very large type"


def test_the_evaluation_token_is_shown_as_plain_text(qtbot, world: CodeWorld, runner: Runner) -> None:
    """The party's 评价码 (drawn by the server, outside the signature) is handed over on this screen, never as
    markup."""
    code = world.code()
    world.store.save_many([code.model_copy(update={"evaluation_token": "Q7WX-4MPZ"})], synced=True)
    view = _shown(qtbot, runner, world, code)
    assert view.evaluation.text() == "Q7WX-4MPZ"
    assert view.evaluation.textFormat() == Qt.TextFormat.PlainText
    assert "评价码" in view.evaluation_caption.text()
    assert view.evaluation.isVisible()
    bare = _shown(qtbot, runner, world, world.code())
    assert bare.evaluation.text() == "（此检查码无评价码）"


def test_an_expired_code_shows_the_red_banner_with_the_reason(qtbot, world: CodeWorld, runner: Runner) -> None:
    code = world.code(starts_in=-10, hours=2)
    view = _shown(qtbot, runner, world, code)
    assert view.verdict.reason is Reason.EXPIRED
    assert view.banner.property("valid") is False
    assert "已过期" in view.banner.text()
    assert "#c62828" in view.banner.styleSheet()


def test_a_revoked_code_says_why(qtbot, world: CodeWorld, runner: Runner) -> None:
    code = world.code()
    world.store.save_many(
        [code.model_copy(update={"revoked_at": datetime.now(UTC), "revoke_reason": "任务取消"})], synced=True
    )
    view = _shown(qtbot, runner, world, code)
    assert view.verdict.reason is Reason.REVOKED and "任务取消" in view.banner.text()


def test_the_banner_turns_red_when_the_code_expires_while_shown(qtbot, tmp_path: Path, make_runner) -> None:
    now = [datetime.now(UTC)]
    with Store.open(tmp_path / "clocked.sqlite3", clock=lambda: now[0]) as store:
        world = code_world(store, target())
        code = world.code(hours=1)
        view = _shown(qtbot, make_runner(store), world, code)
        assert view.banner.property("valid") is True
        now[0] += timedelta(hours=2)
        view.refresh()  # judged again on the runner's worker
        qtbot.waitUntil(lambda: view.banner.property("valid") is False)


def test_a_code_missing_from_the_store_says_so_without_a_qr(qtbot, world: CodeWorld, runner: Runner) -> None:
    view = _display(runner, world, "no-such-code")
    qtbot.addWidget(view)
    assert view.qr is None and view.verdict.reason is Reason.NO_CODE
    assert "申请检查码" in view.banner.text()


def test_f11_toggles_full_screen_and_esc_closes(qtbot, world: CodeWorld, runner: Runner) -> None:
    view = _shown(qtbot, runner, world, world.code())
    view.show_full_screen()
    qtbot.waitUntil(view.isFullScreen)
    qtbot.keyClick(view, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not view.isFullScreen())
    with qtbot.waitSignal(view.destroyed):
        qtbot.keyClick(view, Qt.Key.Key_Escape)


def test_without_a_server_address_there_is_no_qr_but_the_short_code_and_why(
    qtbot, world: CodeWorld, runner: Runner
) -> None:
    code = world.code()
    view = _display(runner, world, code.id, "")
    qtbot.addWidget(view)
    assert view.qr is None and view.short_code.text() == code.short_code
    assert "服务器地址" in view.no_qr.text()
    assert view.banner.property("valid") is True, "the code itself is still valid"


MARKUP = "<b>假</b><img src='file:///etc/passwd'><a href='https://evil.example'>点此</a>"


def test_user_data_is_shown_as_written_never_as_markup(qtbot, tmp_path: Path, make_runner) -> None:
    """A target name, an issuer or an inspector's name carrying markup is shown character for character."""
    with Store.open(tmp_path / "store.sqlite3") as store:
        world = code_world(store, target(name=MARKUP))
        inspector = Inspector(id=ME, name=MARKUP, username="zhang.wei", certificate_no="1", team="科")
        store.save_many([inspector], synced=True)
        view = _shown(qtbot, make_runner(store), world, world.code(issuer=MARKUP))
        labels = [view.target, view.issuer, view.inspectors]
        assert view.target.text() == MARKUP and view.issuer.text() == MARKUP and MARKUP in view.inspectors.text()
        assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
