"""The first pages of a composed correction order and opinion letter (each finding's legal basis and standard
correction demand from the catalogue, then what the inspector typed) as docs/correction-order-composed.png and
docs/opinion-letter-composed.png, from the data set of tests/documents/test_correction_demands.py.

    .venv/bin/python scripts/screenshot_correction_order.py      (needs pdftoppm: Debian's poppler-utils)

It works in a temporary folder with a fresh store; nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from shots import ROOT, save_pdf_page

sys.path.insert(0, str(ROOT))  # the data set lives with the tests

from app.documents import DocumentKind, make
from app.store import Store
from tests.documents.test_correction_demands import dental_inspection


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-composed-shots-"))
    (work / "user").mkdir()
    with Store.open(work / "user" / "store.sqlite3") as store:
        dental = dental_inspection(store)
        order = make(store, dental.inspection.id, DocumentKind.CORRECTION_ORDER, dental.order.id)
        letter = make(store, dental.inspection.id, DocumentKind.OPINION_LETTER)
    save_pdf_page(order, args.docs / "correction-order-composed.png")
    save_pdf_page(letter, args.docs / "opinion-letter-composed.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
