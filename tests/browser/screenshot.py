"""Take docs/public-page.png: the public page of a verified, inspected code on a phone (390×844), from the real server.

.venv/bin/python -m tests.browser.screenshot [OUT]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser.site import PHONE, chromium, running_site

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "public-page.png"


def take(out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder, running_site(Path(folder)) as site, chromium() as browser:
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{site.url}/c/{site.completed.short_code}")
        page.screenshot(path=str(out), full_page=True)
        context.close()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    take(target)
    print(target)
