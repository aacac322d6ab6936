"""Preview of an inspection's documents, rendered off the UI thread, with Export….

API (for the inspection window):
- `DocumentPreview(runner, inspection_id, kind=DocumentKind.SITE_RECORD, order_id=None, parent=None)`: a dialog; the
  document is made (app.documents.make) and its pages rasterised (pypdfium2) on the runner's database worker (one
  thread: pdfium is not thread-safe either).
  The kind can be changed in the dialog (the correction order only when the inspection has one).
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
from app.ui.i18n import error_text
from app.ui.qt import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QLabel,
    QMessageBox,
    QPixmap,
    QProgressBar,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

DPI = 110  # sharp enough to read a 10.5 pt form on a laptop screen


def _render(store: Store, inspection_id: str, kind: DocumentKind, order_id: str | None) -> tuple[bytes, list[QImage]]:
    """On the database worker: the PDF and its pages; a refusal comes back as a bilingual error."""
    try:
        pdf = make(store, inspection_id, kind, order_id)
        return pdf, render_pages(pdf, DPI)
    except (DocumentError, StoreError):
        raise
    except Exception as exc:  # the dialog waits for an answer: any failure must be one, in words
        raise DocumentError(f"生成文书失败：{exc!r}", f"the document could not be made: {exc!r}") from exc


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
        runner: Runner,
        inspection_id: str,
        kind: DocumentKind = DocumentKind.SITE_RECORD,
        order_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DocumentPreview")
        self.setWindowTitle(self.tr("文书预览"))
        self.resize(980, 900)
        self._runner = runner
        self._inspection_id = inspection_id
        self._order_id = order_id
        self.pdf: bytes | None = None
        self._build(kind)
        if kind != DocumentKind.CORRECTION_ORDER:  # offered once the inspection is known to have one
            runner.run(lambda store: bool(store.find(CorrectionOrder, inspection_id=inspection_id)), self._offer_order)
        self.render()

    def _build(self, kind: DocumentKind) -> None:
        self.kind_combo = QComboBox(self)
        for each in DocumentKind:
            if each != DocumentKind.CORRECTION_ORDER or kind == each:
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
        self.pdf = None
        self.export_button.setEnabled(False)
        self.busy.show()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("正在生成文书…"))
        inspection_id, kind, order_id = self._inspection_id, self.kind, self._order_id
        self._runner.run(
            lambda store: _render(store, inspection_id, kind, order_id),
            self._show,
            self._failed,
            key=f"document-{id(self)}",
        )  # an older request is overtaken by a change of kind

    def _offer_order(self, has_order: bool) -> None:
        if has_order and self.kind_combo.findData(DocumentKind.CORRECTION_ORDER) < 0:
            self.kind_combo.addItem(TITLES[DocumentKind.CORRECTION_ORDER], DocumentKind.CORRECTION_ORDER)

    def _show(self, rendered: tuple[bytes, list[QImage]]) -> None:
        pdf, images = rendered
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

    def _failed(self, refused: BaseException) -> None:
        message = error_text(refused)
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
            self.status.setText(error_text(refused))
            self.failed.emit(error_text(refused))
            return False
        self.status.setStyleSheet("")
        self.status.setText(self.tr("已导出到 %1").replace("%1", str(saved)))
        self.exported.emit(str(saved))
        return True

    def _choose_export(self) -> None:
        inspection_id, kind = self._inspection_id, self.kind
        self._runner.run(lambda store: file_name(store, inspection_id, kind), self._ask_export_path)

    def _ask_export_path(self, suggested: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出文书"), suggested, "PDF (*.pdf)")
        if path and not self.export_to(path):
            QMessageBox.warning(self, self.tr("导出失败"), self.status.text())
