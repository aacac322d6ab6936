"""The signature pad and dialog: mouse strokes make a PNG with ink; an empty pad is refused; everyone signs."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app.models import Signature
from app.ui.onsite.signature_pad import SignatureDialog, SignaturePad
from app.ui.qt import QApplication, QEvent, QInputDevice, QMouseEvent, QPointF, QPointingDevice, Qt, QTabletEvent
from tests.onsite.evidence_helpers import OnSite, signing_site
from tests.ui.conftest import settle

LEFT = Qt.MouseButton.LeftButton


def _mouse(widget, kind: QEvent.Type, at: tuple[float, float], buttons) -> None:
    point = QPointF(*at)
    button = LEFT if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, point, widget.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def stroke(widget, points: list[tuple[float, float]]) -> None:
    """Press at the first point, drag through the others with the button held, release at the last."""
    _mouse(widget, QEvent.Type.MouseButtonPress, points[0], LEFT)
    for at in points[1:]:
        _mouse(widget, QEvent.Type.MouseMove, at, LEFT)
    _mouse(widget, QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)


def _ink(png: bytes) -> int:
    with Image.open(io.BytesIO(png)) as image:
        return sum(image.getchannel("A").histogram()[129:])


def test_mouse_strokes_make_a_png_with_ink(qtbot) -> None:
    pad = SignaturePad()
    qtbot.add_widget(pad)
    pad.resize(500, 200)
    pad.show()
    assert pad.is_empty() and _ink(pad.to_png()) == 0
    with qtbot.waitSignal(pad.changed):
        stroke(pad, [(40, 120), (90, 60), (150, 140), (220, 70), (300, 130)])
    assert not pad.is_empty()
    png = pad.to_png()
    assert png.startswith(b"\x89PNG") and _ink(png) > 200
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1000, 400), "twice the pad's size"


def test_a_click_is_no_stroke_and_undo_and_clear_work(qtbot) -> None:
    pad = SignaturePad()
    qtbot.add_widget(pad)
    pad.resize(500, 200)
    stroke(pad, [(50, 50)])
    assert pad.is_empty()
    stroke(pad, [(40, 120), (120, 60)])
    stroke(pad, [(200, 120), (280, 60)])
    one = _ink(pad.to_png())
    pad.undo_stroke()
    assert 0 < _ink(pad.to_png()) < one
    pad.clear()
    assert pad.is_empty()


def pen_stroke(pad: SignaturePad, points: list[tuple[float, float]], pressure: float) -> None:
    """The same gesture with a stylus: tablet press, moves and release at `pressure`."""
    pen = QPointingDevice(
        "pen",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    kinds = [QEvent.Type.TabletPress] + [QEvent.Type.TabletMove] * (len(points) - 2) + [QEvent.Type.TabletRelease]
    for kind, (x, y) in zip(kinds, points, strict=True):
        at = QPointF(x, y)
        event = QTabletEvent(
            kind, pen, at, pad.mapToGlobal(at), pressure, 0, 0, 0, 0, 0, Qt.KeyboardModifier.NoModifier, LEFT, LEFT
        )
        QApplication.sendEvent(pad, event)


def test_a_pen_draws_as_wide_as_it_is_pressed(qtbot) -> None:
    gesture = [(40, 120), (90, 60), (150, 140), (220, 70), (300, 130)]
    ink = {}
    for pressure in (0.25, 1.0):
        pad = SignaturePad()
        qtbot.add_widget(pad)
        pad.resize(500, 200)
        pen_stroke(pad, gesture, pressure)
        assert not pad.is_empty()
        ink[pressure] = _ink(pad.to_png())
    assert ink[1.0] > ink[0.25] * 1.5


@pytest.fixture
def site(tmp_path: Path) -> Iterator[OnSite]:
    with signing_site(tmp_path) as made:
        yield made


def test_both_inspectors_and_the_party_sign_in_turn(qtbot, site: OnSite, make_runner) -> None:
    runner = make_runner(site.store)
    dialog = SignatureDialog(runner, site.inspection)
    qtbot.add_widget(dialog)
    with qtbot.waitSignal(dialog.ready):
        dialog.show()
    assert "张明" in dialog.who.text() and "沪卫执0105001" in dialog.who.text()
    assert not dialog.confirm_button.isEnabled(), "nothing drawn, nothing to confirm"
    assert not dialog.confirm(), "an empty pad is refused"
    assert "empty" in dialog.message.text() and not site.store.list(Signature)
    stroke(dialog.pad, [(40, 120), (90, 60), (150, 140), (220, 70)])
    with qtbot.waitSignal(dialog.signed):
        qtbot.mouseClick(dialog.confirm_button, LEFT)
    assert "李华" in dialog.who.text()
    stroke(dialog.pad, [(40, 120), (90, 60), (150, 140), (220, 70)])
    with qtbot.waitSignal(dialog.signed):
        qtbot.keyClick(dialog.pad, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.party_name.isVisible() and "被检查单位负责人" in dialog.who.text()
    stroke(dialog.pad, [(40, 120), (90, 60), (150, 140)])
    assert not dialog.confirm_button.isEnabled(), "the party's name is needed"
    dialog.party_name.setText("王经理")  # Chinese comes through an input method, which QTest cannot type
    assert dialog.confirm_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.party_name, Qt.Key.Key_Return)
    settle(qtbot, runner)
    stored = site.store.list(Signature)
    assert sorted((s.signer_role, s.signer_name) for s in stored) == [
        ("inspector", "张明"),
        ("inspector", "李华"),
        ("party", "王经理"),
    ]
    assert all(site.store.blobs.path(s.sha256).read_bytes().startswith(b"\x89PNG") for s in stored)
