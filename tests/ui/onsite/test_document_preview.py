"""The document preview: pages rendered off the UI thread, the kind switched, exports saved or refused clearly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents import DocumentKind
from app.store import Store
from app.ui.onsite.document_preview import DocumentPreview
from app.ui.runner import Runner
from tests.documents.conftest import Documented, documented_inspection, read_only_folder


@pytest.fixture
def documented(tmp_path: Path) -> Iterator[Documented]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield documented_inspection(store, tmp_path)


@pytest.fixture
def runner(documented: Documented, make_runner) -> Runner:
    return make_runner(documented.store)


@pytest.fixture
def preview(qtbot, documented: Documented, runner: Runner) -> Iterator[DocumentPreview]:
    dialog = DocumentPreview(runner, documented.inspection.id)
    qtbot.add_widget(dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=30_000) as rendered:
        dialog.show()
        assert dialog.busy.isVisible() and not dialog.export_button.isEnabled(), "busy while the worker makes it"
    assert rendered.args[0] >= 1
    yield dialog
    dialog.close()


def test_the_site_record_pages_are_shown(preview: DocumentPreview) -> None:
    pages = [preview.pages_layout.itemAt(i).widget() for i in range(preview.pages_layout.count())]
    assert pages and all(not page.pixmap().isNull() for page in pages)
    assert pages[0].pixmap().width() > 800, "A4 at the preview's resolution"
    assert preview.pdf is not None and preview.pdf.startswith(b"%PDF")
    assert preview.export_button.isEnabled() and "页" in preview.status.text()


def test_every_kind_can_be_previewed(qtbot, preview: DocumentPreview) -> None:
    titles = [preview.kind_combo.itemText(i) for i in range(preview.kind_combo.count())]
    assert titles == ["现场检查笔录", "卫生监督意见书", "责令改正通知书"]
    with qtbot.waitSignal(preview.rendered, timeout=30_000):
        preview.kind_combo.setCurrentIndex(preview.kind_combo.findData(DocumentKind.CORRECTION_ORDER))
    assert preview.kind == DocumentKind.CORRECTION_ORDER and b"%PDF" in (preview.pdf or b"")


def test_export_saves_the_pdf_shown(qtbot, preview: DocumentPreview, tmp_path: Path) -> None:
    target = tmp_path / "现场检查笔录.pdf"
    with qtbot.waitSignal(preview.exported) as exported:
        assert preview.export_to(target)
    assert exported.args == [str(target)] and target.read_bytes() == preview.pdf
    assert len(PdfReader(target).pages) >= 1


def test_export_to_a_read_only_folder_is_refused_clearly(qtbot, preview: DocumentPreview, tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "readonly") as folder:
        with qtbot.waitSignal(preview.failed) as failed:
            assert not preview.export_to(folder / "笔录.pdf")
        assert "只读" in failed.args[0] and "read-only" not in failed.args[0]  # in the interface's language
        assert "只读" in preview.status.text()
        assert sorted(p.name for p in folder.iterdir()) == ["kept.txt"]
    assert preview.pdf is not None, "the document is still there to export elsewhere"
