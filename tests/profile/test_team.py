"""The files of a team, as `implementor demo --quick` wrote them."""

import json
from html.parser import HTMLParser
from pathlib import Path

from implementor_tf.profile.team import make_team


class Links(HTMLParser):
    def __init__(self, page):
        super().__init__()
        self.hrefs = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])


def test_the_team_page_links_eight_profiles_that_exist(quick_demo):
    index = quick_demo / "index.html"
    hrefs = Links(index.read_text(encoding="utf-8")).hrefs
    assert hrefs == [f"colleague-{seed}/implementor.html" for seed in range(8)]
    for href in hrefs:
        assert (index.parent / href).is_file()


def test_every_record_points_at_files_that_exist(quick_demo):
    for seed in range(8):
        folder = quick_demo / f"colleague-{seed}"
        record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
        assert record["seed"] == seed and record["synthetic"] is True
        for name in record["files"].values():
            assert (folder / name).is_file() and (folder / name).stat().st_size > 0
        sources = record["sources"]
        for path in (sources["face"]["run"], sources["face"]["generator"], sources["face"]["checkpoint"], sources["cv"]["preset"]):
            assert Path(path).exists(), path
        assert record["cv"]["text"].startswith("Name:")
        # The profile links back to the team.
        assert 'href="../index.html"' in (folder / "implementor.html").read_text(encoding="utf-8")


def test_a_team_member_is_the_colleague_of_its_seed(quick_demo, tmp_path):
    team = make_team(quick_demo / "face", quick_demo / "cv", tmp_path, n=1, seed=3, progress=False)
    assert [folder.name for folder in team.folders] == ["colleague-3"]
    made = json.loads((tmp_path / "colleague-3" / "record.json").read_text(encoding="utf-8"))
    demo = json.loads((quick_demo / "colleague-3" / "record.json").read_text(encoding="utf-8"))
    assert made["cv"] == demo["cv"] and made["name"] == demo["name"]
    assert (tmp_path / "colleague-3" / "face.png").read_bytes() == (quick_demo / "colleague-3" / "face.png").read_bytes()
    assert (tmp_path / "colleague-3" / "implementor.html").read_text() == (quick_demo / "colleague-3" / "implementor.html").read_text()
