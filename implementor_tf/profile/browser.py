"""Opening the pages in a real headless Chromium: checks and screenshots.

``inspect_page(path)`` loads a local HTML file in headless Chromium through
Selenium and Debian's ``chromedriver``, and reports what a reader would
meet: each image's natural width, each CV section's visible text, the
console's errors and every request the page made beyond its own file and
``data:`` URIs. It can also save a screenshot. Tests use it to check the
pages; the README's screenshot was taken with it.

Needs Chromium and ChromeDriver (Debian: ``apt-get install chromium
chromium-driver``) and ``pip install selenium`` (in the ``test`` extra).

Example:

>>> report = inspect_page("team/index.html", screenshot="team.png")  # doctest: +SKIP
>>> report.console_errors, report.external_requests                   # doctest: +SKIP
([], [])
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_NAMES = ("chromedriver",)


class BrowserUnavailable(RuntimeError):
    """Chromium, ChromeDriver or Selenium is missing."""


@dataclasses.dataclass
class PageReport:
    """What headless Chromium saw on a page.

    Attributes:
        title: str. The document's title.
        images: list of ``{"alt", "natural_width", "complete"}``, one per ``<img>``.
        sections: ``{section id: visible text}`` for each ``section.cv-section``.
        scripts: int. ``<script>`` elements in the document.
        text: str. The page's visible text (``document.body.innerText``).
        console_errors: console messages at level SEVERE (errors).
        requests: every URL the page requested.
        external_requests: those that were not the page's own ``file:`` or a ``data:`` URI.
    """

    title: str
    images: list[dict]
    sections: dict[str, str]
    scripts: int
    text: str
    console_errors: list[str]
    requests: list[str]
    external_requests: list[str]


def find_executable(names) -> str | None:
    """The first of ``names`` on the PATH."""
    return next((path for path in map(shutil.which, names) if path), None)


def _driver(width: int, height: int):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as error:
        raise BrowserUnavailable("Selenium is not installed: pip install selenium") from error
    chromium, driver = find_executable(CHROMIUM_NAMES), find_executable(DRIVER_NAMES)
    if not chromium or not driver:
        raise BrowserUnavailable("Chromium or ChromeDriver is missing: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


def _requested_urls(performance_log: list[dict]) -> list[str]:
    urls = []
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


_PAGE_STATE = """
return {
  title: document.title,
  images: Array.from(document.images).map(image => ({
    alt: image.alt, natural_width: image.naturalWidth, complete: image.complete})),
  sections: Object.fromEntries(Array.from(document.querySelectorAll("section.cv-section"))
    .map(section => [section.id || section.className, section.innerText.trim()])),
  scripts: document.querySelectorAll("script").length,
  text: document.body.innerText,
};
"""


def inspect_page(path, screenshot=None, width: int = 1200, height: int = 1400) -> PageReport:
    """Opens the local HTML file ``path`` in headless Chromium and reports what it saw.

    Args:
        path: str or Path. The page.
        screenshot: str, Path or None. PNG file for a screenshot of the window.
        width, height: int. Window size in CSS pixels.

    Raises:
        BrowserUnavailable: Chromium, ChromeDriver or Selenium is missing.
    """
    path = Path(path).resolve()
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    driver = _driver(width, height)
    try:
        driver.get(path.as_uri())
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "Promise.all(Array.from(document.images).map(image => image.decode().catch(() => null))).then(() => done());"
        )
        state = driver.execute_script(_PAGE_STATE)
        if screenshot is not None:
            driver.save_screenshot(str(screenshot))
        console = driver.get_log("browser")
        urls = _requested_urls(driver.get_log("performance"))
    finally:
        driver.quit()
    own = path.as_uri()
    return PageReport(
        title=state["title"],
        images=state["images"],
        sections=state["sections"],
        scripts=state["scripts"],
        text=state["text"],
        console_errors=[entry["message"] for entry in console if entry["level"] == "SEVERE"],
        requests=urls,
        external_requests=[url for url in urls if url != own and not url.startswith("data:")],
    )
