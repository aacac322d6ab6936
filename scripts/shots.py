"""What the screenshot scripts share: the checkout's root on the import path (for `demo`, the checkout's own package,
which no install carries), and saving a widget or a document's first page as a small PNG for docs/. Every script
imports this module before `demo`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from app.ui.qt import QWidget  # noqa: E402


def save_png(widget: QWidget, path: Path) -> None:
    """Grab, then a 256-colour palette: a third of the bytes, and flat UI colours and text survive it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    _small(path, path)


def save_pdf_page(pdf: bytes, path: Path) -> None:
    """The document's first page at 90 dpi (poppler's pdftoppm), as a small PNG."""
    with tempfile.TemporaryDirectory(prefix="fi-page-") as work:
        source = Path(work) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-singlefile", str(source), str(Path(work) / "page")],
                       check=True)  # fmt: skip
        _small(Path(work) / "page.png", path)


def _small(source: Path, path: Path) -> None:
    with Image.open(source) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    palette.save(path, optimize=True)
    print(f"saved {path} ({path.stat().st_size // 1024} KB)")
