"""The HTML pages: one profile per colleague and a team page linking them.

Pages are rendered with Jinja2 with autoescaping on, so every generated
string (name, title, CV text) reaches the page as text: ``<script>``, quotes
and ampersands are escaped, never interpreted. Each page is self-contained:
the style sheet is inlined and faces are ``data:`` URIs, so a page opens
without a network and makes no requests.

Example:

>>> import numpy as np
>>> from implementor_tf.profile.colleague import Colleague
>>> colleague = Colleague.from_text(7, "Name: A <b>bold</b> name", np.zeros((8, 8, 3), np.uint8))
>>> page = render_profile(colleague)
>>> "A &lt;b&gt;bold&lt;/b&gt; name" in page, "<b>" in page
(True, False)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jinja2

from implementor_tf.profile.colleague import Colleague
from implementor_tf.profile.layout import Entry, entries_of, items_of

SECTION_KINDS = {"Experience": "entries", "Education": "entries", "Skills": "chips", "Languages": "list"}
SIDEBAR_SECTIONS = ("Skills", "Languages")

_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("implementor_tf.profile", "templates"),
    autoescape=True,  # Every template, whatever its name: generated text is never markup.
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclasses.dataclass
class SectionView:
    """What the section template shows: a heading and the parts of its kind."""

    heading: str
    kind: str  # "entries", "chips", "list" or "paragraphs".
    entries: list[Entry] = dataclasses.field(default_factory=list)
    items: list[str] = dataclasses.field(default_factory=list)
    paragraphs: list[str] = dataclasses.field(default_factory=list)

    @property
    def id(self) -> str:
        return self.heading.lower()

    @property
    def shows_nothing(self) -> bool:
        """True when the section has no part to show: a model may write a heading and nothing under it."""
        return not (self.entries or self.items or self.paragraphs)


def section_view(heading: str, text: str) -> SectionView:
    """A CV section split into the parts its kind of section shows."""
    kind = SECTION_KINDS.get(heading, "paragraphs")
    if kind == "entries":
        return SectionView(heading, kind, entries=entries_of(text))
    if kind in ("chips", "list"):
        return SectionView(heading, kind, items=items_of(text))
    return SectionView(heading, kind, paragraphs=[line.strip() for line in text.splitlines() if line.strip()])


def _run_name(sources: dict, kind: str) -> str:
    # The run's folder name only: a shared page should not reveal the maker's disk.
    path = sources.get(kind, {}).get("run")
    return Path(path).name if path else "unknown"


def render_profile(colleague: Colleague, team_href: str | None = None) -> str:
    """The profile page of one colleague, as a self-contained HTML string.

    Args:
        colleague: Colleague.
        team_href: str or None. Relative link back to the team page.
    """
    # An empty section gets no block of its own; the incomplete-CV notice names it ("empty section ...").
    views = [section_view(heading, text) for heading, text in colleague.cv.sections.items()]
    views = [view for view in views if not view.shows_nothing]
    return _environment.get_template("profile.html").render(
        colleague=colleague,
        face_uri=colleague.face_uri,
        side_sections=[view for view in views if view.heading in SIDEBAR_SECTIONS],
        main_sections=[view for view in views if view.heading not in SIDEBAR_SECTIONS],
        team_href=team_href,
        face_run=_run_name(colleague.sources, "face"),
        cv_run=_run_name(colleague.sources, "cv"),
    )


def render_team(colleagues: list[Colleague], hrefs: list[str]) -> str:
    """The team page: every colleague's face, name and title, linking to ``hrefs``."""
    members = [
        {"colleague": colleague, "href": href, "face_uri": colleague.face_uri}
        for colleague, href in zip(colleagues, hrefs, strict=True)
    ]
    sources = colleagues[0].sources if colleagues else {}
    return _environment.get_template("team.html").render(
        members=members, face_run=_run_name(sources, "face"), cv_run=_run_name(sources, "cv")
    )
