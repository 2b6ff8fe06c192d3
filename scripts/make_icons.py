"""Draw the web app's PNG icons from static/img/favicon.svg with Chromium.

Run again after the favicon changes: ``.venv/bin/python scripts/make_icons.py``.
Writes static/img/icon-192.png, icon-512.png and icon-maskable-512.png (the maskable
one fills the square with the brand colour and keeps the drawing in the middle 70 %,
the safe zone Android crops to a circle or squircle).
"""

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SVG = (ROOT / "static/img/favicon.svg").read_text()
BRAND = "#08457f"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def html(size: int, maskable: bool) -> str:
    inner = int(size * 0.7) if maskable else size
    background = BRAND if maskable else "transparent"
    svg = SVG.replace("<svg ", f'<svg width="{inner}" height="{inner}" ', 1)
    return (
        f"<html><body style='margin:0;background:{background};width:{size}px;height:{size}px;"
        f"display:flex;align-items:center;justify-content:center'>{svg}</body></html>"
    )


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, size, maskable in (
            ("icon-192.png", 192, False),
            ("icon-512.png", 512, False),
            ("icon-maskable-512.png", 512, True),
        ):
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(html(size, maskable))
            page.screenshot(path=ROOT / "static/img" / name, omit_background=not maskable)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
