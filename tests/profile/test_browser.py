"""The pages in a real headless Chromium: faces load, the CV shows, nothing else happens.

Needs Debian's chromium and chromium-driver (``.ci/run`` installs them);
without them the tests are skipped, unless IMPLEMENTOR_REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure.
"""

import os

import numpy as np
import pytest
from PIL import Image

from implementor_tf.profile.browser import BrowserUnavailable, inspect_page
from implementor_tf.profile.team import write_profile


def inspect(path, screenshot):
    try:
        return inspect_page(path, screenshot=screenshot, width=1200, height=1000)
    except BrowserUnavailable as error:
        if os.environ.get("IMPLEMENTOR_REQUIRE_BROWSER") == "1":
            raise
        pytest.skip(str(error))


def assert_screenshot(path):
    image = np.asarray(Image.open(path).convert("RGB"))
    assert image.shape[0] > 500 and image.shape[1] > 1000
    assert image.std() > 10  # Something was drawn.


def assert_quiet(report):
    assert report.console_errors == []
    assert report.external_requests == []
    assert report.scripts == 0


def test_the_team_page_shows_every_face(quick_demo, tmp_path):
    report = inspect(quick_demo / "index.html", tmp_path / "team.png")
    assert len(report.images) == 8
    assert all(image["complete"] and image["natural_width"] == 256 for image in report.images)
    assert_quiet(report)
    assert "synthetic person. " in report.text.lower()  # Upper case on screen (CSS).
    assert_screenshot(tmp_path / "team.png")
    print(f"screenshot: {tmp_path / 'team.png'}")


def test_a_profile_shows_its_face_and_cv_sections(quick_demo, tmp_path):
    report = inspect(quick_demo / "colleague-0" / "implementor.html", tmp_path / "profile.png")
    assert len(report.images) == 1 and report.images[0]["natural_width"] == 256
    assert_quiet(report)
    assert report.sections, "no CV section on the page"
    for section, text in report.sections.items():
        assert len(text) > len(section), f"section {section} shows no text: {text!r}"
    assert "synthetic person. " in report.text.lower()  # Upper case on screen (CSS).
    assert_screenshot(tmp_path / "profile.png")
    print(f"screenshot: {tmp_path / 'profile.png'}")


def test_a_hostile_cv_stays_text_in_the_browser(hostile_colleague, tmp_path):
    write_profile(hostile_colleague, tmp_path / "hostile")
    report = inspect(tmp_path / "hostile" / "implementor.html", tmp_path / "hostile.png")
    assert_quiet(report)
    assert report.title.startswith('<script>alert("name")</script>')
    assert '</section><script>document.title = "owned"</script>' in report.text
    assert '<a href="https://example.com/">Evil & Co</a>' in report.text
    assert report.images[0]["natural_width"] == 256
    assert set(report.sections) == {"profile", "experience", "education", "skills", "languages"}
