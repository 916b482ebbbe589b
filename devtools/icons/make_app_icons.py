"""Draw the home-screen icons of the installed app (static/icons/app-*.png)
from the site's logo, with the system Chromium:
`.venv/bin/python -m devtools.icons.make_app_icons`.

The logo sits in the middle fifth of a square of the brand's green, inside
the circle that Android's masks always keep ("maskable")."""

from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import find_chromium

ROOT = Path(__file__).resolve().parents[2]
BRAND = "#0b5d4b"
SIZES = (192, 512)


def page(size: int) -> str:
    logo = (ROOT / "static/icons/logo.svg").read_text()
    side = f"{size * 0.6:.0f}"
    logo = logo.replace('width="32" height="32"', f'width="{side}" height="{side}"')
    return (
        "<!DOCTYPE html><html><body style='margin:0'>"
        f"<div style='width:{size}px;height:{size}px;background:{BRAND};"
        "display:flex;align-items:center;justify-content:center'>"
        f"{logo}</div></body></html>"
    )


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium())
        for size in SIZES:
            tab = browser.new_page(viewport={"width": size, "height": size})
            tab.set_content(page(size))
            tab.screenshot(path=str(ROOT / f"static/icons/app-{size}.png"))
            tab.close()
        browser.close()


if __name__ == "__main__":
    main()
