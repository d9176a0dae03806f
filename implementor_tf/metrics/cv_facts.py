"""Does a CV keep its own facts? A check learnt from the training CVs.

A CV can be complete and fluent and still contradict itself: "Helsinki,
Norway", a profile about somebody other than the person in the ``Name:``
line, jobs that overlap. ``CorpusFacts.learn(training_cvs)`` learns from the
corpus which facts its CVs keep, and ``check(cv)`` says, for one CV, which
of them it keeps (True), breaks (False) or cannot be checked on (None):

- ``name``: the profile names the person of the ``Name:`` line (by first
  name) and no other first name the corpus uses;
- ``place``: the city of ``Location:`` lies in that country (the pairs the
  corpus uses; a city the corpus never names cannot be checked);
- ``language``: exactly one native language, the one the corpus gives that
  country;
- ``dates``: the jobs of Experience run newest first, each starting the year
  the one before it ended, start never after end;
- ``title``: ``Title:`` is the newest job's title;
- ``industry``: every employer carries the industry the corpus gives it, as
  in "National insurer (insurance)";
- ``repeats``: no skill and no language listed twice.

A fact applies to a corpus only when at least ``APPLIES_AT`` of its training
CVs keep it; otherwise (a user's own CVs that, say, list jobs oldest first)
it is reported as not checkable instead of counted. Read the figures for
generated CVs beside the same check on held-out real CVs (``fact_report``).

Example:

>>> cv = '''Name: Ada Jensen
... Title: Data Engineer
... Location: Oslo, Norway
...
... Profile
... Ada is a data engineer.
...
... Experience
... 2020-2024 | Data Engineer | Nordic retail bank (banking)
... Built things.
...
... Skills
... Python, SQL
...
... Languages
... Norwegian (native), English (fluent)'''
>>> facts = CorpusFacts.learn([cv] * 3)
>>> facts.check(cv)["place"], facts.check(cv.replace("Oslo", "Helsinki"))["place"]
(True, None)
>>> facts.check(cv.replace("Norway", "Sweden"))["place"]
False
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict

from implementor_tf.cv.format import parse_cv

FACTS = ("name", "place", "language", "dates", "title", "industry", "repeats")
APPLIES_AT = 0.9
"""A fact is checked only when at least this share of the training CVs keep it."""

JOB_LINE = re.compile(r"^(\d{4})\s*-\s*(\d{4})\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\((.+)\)\s*$")
NATIVE = re.compile(r"^(.+?)\s*\(native\)$")


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def _items(text: str) -> list[str]:
    """The comma-separated items of a Skills or Languages section, without levels."""
    return [re.sub(r"\s*\(.*\)\s*$", "", item).strip().lower() for item in text.replace("\n", ",").split(",") if item.strip()]


def _jobs(experience: str) -> list[tuple[int, int, str, str, str]]:
    """``(start, end, title, employer, industry)`` of every job line, in order."""
    jobs = []
    for line in experience.splitlines():
        match = JOB_LINE.match(line.strip())
        if match:
            start, end, title, employer, industry = match.groups()
            jobs.append((int(start), int(end), title, employer, industry))
    return jobs


def _location(value: str) -> tuple[str, str] | None:
    city, comma, country = value.rpartition(",")
    return (city.strip(), country.strip()) if comma and city.strip() and country.strip() else None


def _natives(languages: str) -> list[str]:
    return [match.group(1).strip() for item in languages.split(",") if (match := NATIVE.match(item.strip()))]


def _pairs(pairs) -> dict[str, set[str]]:
    table = defaultdict(set)
    for key, value in pairs:
        table[key].add(value)
    return dict(table)


@dataclasses.dataclass
class CorpusFacts:
    """What the training CVs agree on, and which of the ``FACTS`` they keep.

    Attributes:
        first_names: the first words of every ``Name:`` line.
        countries_of_city: city -> the countries it is placed in.
        natives_of_country: country -> the native languages given with it.
        industries_of_employer: employer -> the industries it is given.
        training_share: fact -> share of the training CVs that keep it.
    """

    first_names: set[str]
    countries_of_city: dict[str, set[str]]
    natives_of_country: dict[str, set[str]]
    industries_of_employer: dict[str, set[str]]
    training_share: dict[str, float] = dataclasses.field(default_factory=dict)

    @classmethod
    def learn(cls, texts: list[str]) -> CorpusFacts:
        """Learns the facts of a corpus from its training CVs."""
        parsed = [parse_cv(text) for text in texts]
        first_names, places, natives, industries = set(), [], [], []
        for cv in parsed:
            name = cv.header.get("Name", "").split()
            if name:
                first_names.add(name[0])
            place = _location(cv.header.get("Location", ""))
            if place:
                places.append(place)
                found = _natives(cv.sections.get("Languages", ""))
                if len(found) == 1:
                    natives.append((place[1], found[0]))
            industries += [(employer, industry) for *_, employer, industry in _jobs(cv.sections.get("Experience", ""))]
        facts = cls(first_names, _pairs(places), _pairs(natives), _pairs(industries))
        facts.training_share = {fact: share for fact, share in facts.shares(texts).items() if fact != "all"}
        return facts

    def applies(self, fact: str) -> bool:
        """True when the training CVs keep ``fact`` often enough to check it."""
        share = self.training_share.get(fact)
        return share is not None and share >= APPLIES_AT

    def check(self, text: str) -> dict[str, bool | None]:
        """fact -> True (kept), False (broken) or None (cannot be checked) for one CV.

        Facts that do not apply to the corpus are None once ``learn`` has
        measured them; a part of the CV that a fact needs and that is
        missing breaks it.
        """
        cv = parse_cv(text)
        jobs = _jobs(cv.sections.get("Experience", ""))
        found = {
            "name": self._name(cv),
            "place": self._place(cv),
            "language": self._language(cv),
            "dates": bool(jobs) and all(start <= end for start, end, *_ in jobs)
            and all(newer[0] == older[1] for newer, older in zip(jobs, jobs[1:])),
            "title": bool(jobs) and cv.header.get("Title", "").strip() == jobs[0][2],
            "industry": self._industry(jobs),
            "repeats": self._no_repeats(cv),
        }
        if self.training_share:
            found = {fact: (kept if self.applies(fact) else None) for fact, kept in found.items()}
        return found

    def _name(self, cv) -> bool:
        name = cv.header.get("Name", "").split()
        profile = cv.sections.get("Profile", "")
        if not name or not profile:
            return False
        named = _words(profile) & self.first_names
        return name[0] in _words(profile) and named <= {name[0]}

    def _place(self, cv) -> bool | None:
        place = _location(cv.header.get("Location", ""))
        if place is None:
            return False
        city, country = place
        return None if city not in self.countries_of_city else country in self.countries_of_city[city]

    def _language(self, cv) -> bool | None:
        place = _location(cv.header.get("Location", ""))
        natives = _natives(cv.sections.get("Languages", ""))
        if place is None or len(natives) != 1:
            return False
        known = self.natives_of_country.get(place[1])
        return None if known is None else natives[0] in known

    def _industry(self, jobs) -> bool | None:
        if not jobs:
            return False
        known = [(employer, industry) for *_, employer, industry in jobs if employer in self.industries_of_employer]
        if not known:
            return None
        return all(industry in self.industries_of_employer[employer] for employer, industry in known)

    @staticmethod
    def _no_repeats(cv) -> bool:
        lists = [_items(cv.sections.get(section, "")) for section in ("Skills", "Languages")]
        return all(items and len(items) == len(set(items)) for items in lists)

    def shares(self, texts: list[str]) -> dict[str, float | None]:
        """fact -> share of the checkable CVs that keep it, and ``"all"``:
        the share of CVs that break none of the checkable facts. None: no CV
        could be checked on that fact."""
        return shares_of([self.check(text) for text in texts])

    def broken(self, text: str) -> list[str]:
        """The facts ``text`` breaks."""
        return [fact for fact, kept in self.check(text).items() if kept is False]


def first_profile_mention(text: str) -> int | None:
    """Where the profile of a CV first names the person of its ``Name:`` line.

    The character offset of that first name's first whole-word occurrence
    after the ``Profile`` heading, or None when the CV has no name, no profile
    or a profile that never names its person. What comes before the offset is
    everything a language model must copy the name from.

    >>> cv = "Name: Ada Jensen\\n\\nProfile\\nWith 3 years in data, Ada builds things."
    >>> cv[first_profile_mention(cv):]
    'Ada builds things.'
    >>> first_profile_mention(cv.replace("Ada builds", "She builds")) is None
    True
    """
    cv = parse_cv(text)
    name = cv.header.get("Name", "").split()
    heading = re.search(r"^Profile\s*$", text, flags=re.MULTILINE)
    if not name or heading is None:
        return None
    found = re.compile(rf"(?<!\w){re.escape(name[0])}(?!\w)").search(text, heading.end())
    return found.start() if found else None


def shares_of(checks: list[dict[str, bool | None]]) -> dict[str, float | None]:
    """``CorpusFacts.shares`` of CVs already checked with ``CorpusFacts.check``."""
    shares = {}
    for fact in FACTS:
        values = [check[fact] for check in checks if check[fact] is not None]
        shares[fact] = sum(values) / len(values) if values else None
    shares["all"] = sum(all(kept is not False for kept in check.values()) for check in checks) / len(checks) if checks else None
    return shares


def fact_report(generated: list[str], real: list[str], training: list[str]) -> dict:
    """The fact check of generated CVs beside the same check on held-out real ones.

    Args:
        generated: list of str. The CVs a model wrote.
        real: list of str. Held-out real CVs (the level to reach).
        training: list of str. The CVs the facts are learnt from.

    Returns:
        ``{"generated": {fact: share}, "real": {fact: share}, "applies":
        {fact: bool}, "unchecked": {fact: share of generated CVs that could
        not be checked}, "examples": {fact: a generated CV that breaks it}}``.
    """
    facts = CorpusFacts.learn(training)
    checks = [facts.check(text) for text in generated]
    examples = {}
    for text, check in zip(generated, checks):
        for fact, kept in check.items():
            if kept is False and fact not in examples:
                examples[fact] = text
    unchecked = Counter(fact for check in checks for fact, kept in check.items() if kept is None)
    return {
        "generated": shares_of(checks),
        "real": facts.shares(real),
        "applies": {fact: facts.applies(fact) for fact in FACTS},
        "unchecked": {fact: unchecked[fact] / len(generated) if generated else 0.0 for fact in FACTS},
        "examples": examples,
        "first_names": len(facts.first_names),
    }


def format_fact_table(report: dict) -> str:
    """The fact report as a table: share keeping each fact, generated against real."""

    def cell(value):
        return "   -" if value is None else f"{value:4.0%}"

    lines = [f"{'fact':10} {'generated':>10} {'real CVs':>9}"]
    for fact in (*FACTS, "all"):
        if fact != "all" and not report["applies"][fact]:
            lines.append(f"{fact:10} {'not checkable: the training CVs do not keep it':>40}")
            continue
        note = ""
        if fact != "all" and report["unchecked"][fact] > 0:
            note = f"  ({report['unchecked'][fact]:.0%} not checkable: unknown to the corpus)"
        lines.append(f"{fact:10} {cell(report['generated'][fact]):>10} {cell(report['real'][fact]):>9}{note}")
    return "\n".join(lines)
