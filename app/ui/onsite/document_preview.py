"""Preview of an inspection's documents, rendered off the UI thread, with Export….

API (for the inspection window):
- `DocumentPreview(store, inspection_id, kind=DocumentKind.SITE_RECORD, order_id=None, parent=None)`: a dialog; the
  document is made (app.documents.make) and its pages rasterised (pypdfium2) on a worker thread with its own store
  connection. The kind can be changed in the dialog (the correction order only when the inspection has one).
- `export_to(path) -> bool`: save the shown PDF; a refusal (read-only folder…) is shown and nothing else changes.
  The Export… button (Ctrl+S) asks for the path first.
- Signals: `rendered(pages: int)`, `failed(message)`, `exported(path)`. `pdf` holds the bytes shown.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from app.documents import TITLES, DocumentError, DocumentKind, export, file_name, make
from app.models.domain import CorrectionOrder
from app.store import Store, StoreError
from app.ui.qt import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QLabel,
    QMessageBox,
    QObject,
    QPixmap,
    QProgressBar,
    QPushButton,
    QRunnable,
    QScrollArea,
    Qt,
    QThreadPool,
    QVBoxLayout,
    QWidget,
    Signal,
)

DPI = 110  # sharp enough to read a 10.5 pt form on a laptop screen


class _Relay(QObject):
    done = Signal(int, bytes, list)  # request number, PDF, page images
    failed = Signal(int, str)


class _RenderJob(QRunnable):
    """Make the PDF and rasterise its pages; pdfium is not thread-safe, so the pool runs one job at a time."""

    def __init__(self, number: int, store_path: Path, inspection_id: str, kind: DocumentKind, order_id: str | None):
        super().__init__()
        self.relay = _Relay()
        self._args = (number, store_path, inspection_id, kind, order_id)

    def run(self) -> None:
        number, store_path, inspection_id, kind, order_id = self._args
        try:
            with Store.open(store_path) as store:
                pdf = make(store, inspection_id, kind, order_id)
            self.relay.done.emit(number, pdf, render_pages(pdf, DPI))
        except (DocumentError, StoreError) as refused:
            self.relay.failed.emit(number, str(refused))
        except Exception as exc:  # the dialog waits for an answer: any failure must be one
            self.relay.failed.emit(number, f"生成文书失败 / the document could not be made: {exc!r}")


def render_pages(pdf: bytes, dpi: int) -> list[QImage]:
    """Each page of `pdf` as an image at `dpi` (QImage may be made off the UI thread, unlike QPixmap)."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            pil = page.render(scale=dpi / 72).to_pil().convert("RGB")
            data = pil.tobytes()
            image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
            images.append(image.copy())  # own the pixels: `data` goes away
            page.close()
        return images
    finally:
        document.close()


class DocumentPreview(QDialog):
    rendered = Signal(int)
    failed = Signal(str)
    exported = Signal(str)

    def __init__(
        self,
        store: Store,
        inspection_id: str,
        kind: DocumentKind = DocumentKind.SITE_RECORD,
        order_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DocumentPreview")
        self.setWindowTitle(self.tr("文书预览"))
        self.resize(980, 900)
        self._store = store
        self._inspection_id = inspection_id
        self._order_id = order_id
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._request = 0
        self.pdf: bytes | None = None
        self._build(kind)
        self.render()

    def _build(self, kind: DocumentKind) -> None:
        self.kind_combo = QComboBox(self)
        has_order = bool(self._store.list(CorrectionOrder, "inspection_id = ?", [self._inspection_id]))
        for each in DocumentKind:
            if each != DocumentKind.CORRECTION_ORDER or has_order:
                self.kind_combo.addItem(TITLES[each], each)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))
        self.kind_combo.currentIndexChanged.connect(self.render)
        self.export_button = QPushButton(self.tr("导出 PDF… (Ctrl+S)"), self)
        self.export_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.export_button.clicked.connect(self._choose_export)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("文书："), self))
        top.addWidget(self.kind_combo, 1)
        top.addWidget(self.export_button)
        top.addWidget(close)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.pages = QWidget(self)
        self.pages.setStyleSheet("background: #808080;")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.setSpacing(16)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)

    @property
    def kind(self) -> DocumentKind:
        return DocumentKind(self.kind_combo.currentData())

    def render(self) -> None:
        """Make and show the chosen document again (after a change in the inspection, or another kind chosen)."""
        self._request += 1
        self.pdf = None
        self.export_button.setEnabled(False)
        self.busy.show()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("正在生成文书…"))
        job = _RenderJob(self._request, self._store.path, self._inspection_id, self.kind, self._order_id)
        job.relay.done.connect(self._show)
        job.relay.failed.connect(self._failed)
        self._pool.start(job)

    def _show(self, number: int, pdf: bytes, images: list[QImage]) -> None:
        if number != self._request:  # an older request, overtaken by a change of kind
            return
        self.pdf = pdf
        self._clear_pages()
        for image in images:
            page = QLabel(self.pages)
            page.setPixmap(QPixmap.fromImage(image))
            page.setStyleSheet("background: white; border: 1px solid #555;")
            self.pages_layout.addWidget(page)
        self.busy.hide()
        self.status.setText(self.tr("共 %1 页").replace("%1", str(len(images))))
        self.export_button.setEnabled(True)
        self.rendered.emit(len(images))

    def _failed(self, number: int, message: str) -> None:
        if number != self._request:
            return
        self.busy.hide()
        self._clear_pages()
        self.status.setStyleSheet("color: #b00020")
        self.status.setText(message)
        self.failed.emit(message)

    def _clear_pages(self) -> None:
        while (child := self.pages_layout.takeAt(0)) is not None:
            if child.widget():
                child.widget().deleteLater()

    def export_to(self, path: Path | str) -> bool:
        """Save the shown PDF at `path`; False (and the reason shown) when it could not be saved."""
        if self.pdf is None:
            return False
        try:
            saved = export(self.pdf, Path(path))
        except DocumentError as refused:
            self.status.setStyleSheet("color: #b00020")
            self.status.setText(str(refused))
            self.failed.emit(str(refused))
            return False
        self.status.setStyleSheet("")
        self.status.setText(self.tr("已导出到 %1").replace("%1", str(saved)))
        self.exported.emit(str(saved))
        return True

    def _choose_export(self) -> None:
        suggested = file_name(self._store, self._inspection_id, self.kind)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出文书"), suggested, "PDF (*.pdf)")
        if path and not self.export_to(path):
            QMessageBox.warning(self, self.tr("导出失败"), self.status.text())

    def done(self, result: int) -> None:
        self._pool.waitForDone()  # the job holds a store connection of its own: let it finish
        super().done(result)
