"""The pages render generated text as text, are self-contained and say the person is synthetic."""

from html.parser import HTMLParser

import numpy as np

from implementor_tf.cv.format import SECTIONS
from implementor_tf.profile.colleague import Colleague
from implementor_tf.profile.pages import render_profile, render_team
from tests.profile.conftest import HOSTILE_CV


class PageParser(HTMLParser):
    """Collects the tags, their attributes and the text of a page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def named(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def assert_no_markup_from_the_cv(page: PageParser, n_faces: int):
    assert page.named("script") == []
    assert page.named("b") == page.named("i") == page.named("u") == page.named("em") == []
    assert [attrs["href"] for attrs in page.named("a") if attrs["href"].startswith("http")] == []
    # The only <style> is ours, and the only images are the embedded faces.
    assert len(page.named("style")) == 1
    assert len(page.named("img")) == n_faces
    assert all(attrs["src"].startswith("data:image/png;base64,") for attrs in page.named("img"))
    assert all(set(attrs) <= {"src", "class", "width", "height", "alt"} for attrs in page.named("img"))


def test_a_hostile_cv_renders_as_text(hostile_colleague):
    html = render_profile(hostile_colleague, team_href="../index.html")
    page = PageParser(html)
    assert_no_markup_from_the_cv(page, n_faces=1)
    text = page.all_text
    for literal in (
        '<script>alert("name")</script> O\'Brien & Sons',
        '"Chief" <b>Hacker</b> & Co',
        "<img src=x onerror=alert(1)>, Denmark",
        '</section><script>document.title = "owned"</script> & breaks "quotes" \'<\' things.',
        '<a href="https://example.com/">Evil & Co</a>',
        "<style>body { display: none }</style>",
    ):
        assert literal in text
    assert page.named("title") and "owned" not in html.split("</title>")[0]
    assert "&lt;script&gt;" in html and "&amp; Sons" in html and "&#34;Chief&#34;" in html


def test_the_profile_is_self_contained_and_says_it_is_synthetic(hostile_colleague):
    html = render_profile(hostile_colleague)
    page = PageParser(html)
    assert "Synthetic person." in page.all_text and "not real" in page.all_text
    assert page.named("link") == [] and page.named("iframe") == []
    assert "url(" not in html and "@import" not in html
    # No address outside the page: the only http(s) text is the CV's own, escaped.
    assert html.count("https://") == 1 and "&lt;a href=&#34;https://example.com/&#34;&gt;" in html
    assert "/x/face" not in html  # Only the run's folder name, not the maker's disk.


def test_every_section_of_a_complete_cv_has_its_block(face):
    from implementor_tf.data.synthetic_cvs import generate_cvs

    colleague = Colleague.from_text(0, generate_cvs(1, seed=4)[0], face)
    assert colleague.problems == []
    page = PageParser(render_profile(colleague))
    ids = [attrs.get("id") for attrs in page.named("section")]
    assert sorted(ids) == sorted(section.lower() for section in SECTIONS)
    assert colleague.name in page.all_text and colleague.title in page.all_text
    assert len(page.named("li")) >= len(colleague.cv.sections["Skills"].split(","))


def test_an_incomplete_cv_says_what_is_missing(face):
    colleague = Colleague.from_text(3, "Name: Ada Jensen\n\nProfile\nAda.", face)
    text = PageParser(render_profile(colleague)).all_text
    assert "did not write a complete CV" in text and "missing section Experience" in text
    assert Colleague.from_text(3, "no header at all", face).name == "Colleague 3"


def test_an_empty_section_gets_no_block_and_the_notice_names_it(face):
    head = "Name: Ada Jensen\nTitle: Consultant\nLocation: Oslo, Norway\n\nProfile\nAda.\n\n"
    # Nothing under the heading (the notice names it), or nothing visible under it.
    for experience, notice in (("Experience\n\n", "empty section Experience"), ("Experience\n | | \n\n", "missing section")):
        colleague = Colleague.from_text(3, head + experience + "Skills\nPython", face)
        page = PageParser(render_profile(colleague))
        ids = [attrs.get("id") for attrs in page.named("section")]
        assert "experience" not in ids and {"profile", "skills"} <= set(ids)
        assert "did not write a complete CV" in page.all_text and notice in page.all_text


def test_the_team_page_links_every_colleague_and_escapes_them(hostile_colleague, face):
    plain = Colleague.from_text(1, "Name: Ada Jensen\nTitle: Consultant", face)
    html = render_team([hostile_colleague, plain], ["colleague-13/implementor.html", "colleague-1/implementor.html"])
    page = PageParser(html)
    assert_no_markup_from_the_cv(page, n_faces=2)
    assert [attrs["href"] for attrs in page.named("a")] == ["colleague-13/implementor.html", "colleague-1/implementor.html"]
    assert '<script>alert("name")</script> O\'Brien & Sons' in page.all_text and "Ada Jensen" in page.all_text
    assert "Synthetic person." in page.all_text


def test_same_colleague_same_page(hostile_colleague):
    again = Colleague.from_text(13, HOSTILE_CV, np.array(hostile_colleague.face), hostile_colleague.sources)
    assert render_profile(again) == render_profile(hostile_colleague)
