"""Colleagues made from texts, for tests that need no trained model."""

import numpy as np
import pytest

from implementor_tf.profile.colleague import Colleague

HOSTILE_CV = """Name: <script>alert("name")</script> O'Brien & Sons
Title: "Chief" <b>Hacker</b> & Co
Location: <img src=x onerror=alert(1)>, Denmark

Profile
Anders writes </section><script>document.title = "owned"</script> & breaks "quotes" '<' things.

Experience
2021-2024 | <i>Lead</i> | <a href="https://example.com/">Evil & Co</a>
Cut costs by 50% & more <style>body { display: none }</style>

Education
2015-2020 | MSc in <u>Markup</u> | Université "de" Montréal

Skills
<script>, Python & SQL, "quoted"

Languages
Danish (native) & <em>English</em>"""


@pytest.fixture
def face():
    """A 32 px face-sized gradient, uint8."""
    ramp = np.linspace(0, 255, 32, dtype=np.uint8)
    return np.stack([np.tile(ramp, (32, 1)), np.tile(ramp[:, None], (1, 32)), np.full((32, 32), 128, np.uint8)], axis=-1)


@pytest.fixture
def hostile_colleague(face):
    """A colleague whose generated CV is full of markup, quotes and ampersands."""
    return Colleague.from_text(13, HOSTILE_CV, face, sources={"face": {"run": "/x/face"}, "cv": {"run": "/x/cv"}})
