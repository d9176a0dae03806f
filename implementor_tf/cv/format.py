"""The CV format: its parts, the prompt that starts a CV, and reading a CV back.

A CV starts with ``Name:``, ``Title:`` and ``Location:`` lines, then has the
sections Profile, Experience, Education, Skills and Languages, each a heading
line followed by its text. The synthetic corpus (``implementor_tf.data.
synthetic_cvs``) writes this format, the model learns it, and the fact check,
the profile pages and the CLI read it back with ``parse_cv``.

Example:

>>> cv = parse_cv("Name: Ada Jensen\\nTitle: Consultant\\n\\nProfile\\nAda builds things.")
>>> cv.header["Name"], cv.sections["Profile"]
('Ada Jensen', 'Ada builds things.')
>>> text = format_cv(cv.header | {"Location": "Oslo, Norway"}, dict.fromkeys(SECTIONS, "..."))
>>> text.splitlines()[:5]
['Name: Ada Jensen', 'Title: Consultant', 'Location: Oslo, Norway', '', 'Profile']
>>> cv_problems("Name: Ada Jensen")[:1]
['missing header field Title']
"""

from __future__ import annotations

import dataclasses

HEADER_FIELDS = ("Name", "Title", "Location")
"""The header lines, in the order every CV uses."""

SECTIONS = ("Profile", "Experience", "Education", "Skills", "Languages")
"""Section headings, in the order every CV uses."""

PROMPT = "Name:"
"""What a CV starts with: the bare prompt of generation, sampling and evaluation."""


@dataclasses.dataclass
class ParsedCV:
    """A CV split into parts.

    Attributes:
        header: field -> value for the ``Name:``/``Title:``/``Location:`` lines.
        sections: heading -> text, in the order they appeared.
        order: every header field and section heading in order of appearance,
            repeats included.
        unknown: lines outside any header field or known section.
    """

    header: dict[str, str]
    sections: dict[str, str]
    order: list[str]
    unknown: list[str]


def parse_cv(text: str) -> ParsedCV:
    """Splits a CV text into its header fields and sections."""
    header, sections, order, unknown = {}, {}, [], []
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        field, colon, value = stripped.partition(":")
        if current is None and colon and field in HEADER_FIELDS:
            header[field] = value.strip()
            order.append(field)
        elif stripped in SECTIONS:
            current = stripped
            sections.setdefault(current, "")
            order.append(current)
        elif current is not None:
            sections[current] = (sections[current] + "\n" + line).strip("\n")
        elif stripped:
            unknown.append(stripped)
    return ParsedCV(header, {name: body.strip() for name, body in sections.items()}, order, unknown)


def format_cv(header: dict[str, str], sections: dict[str, str]) -> str:
    """Writes a CV in the format: the header lines, then each section under its heading.

    The inverse of ``parse_cv``: ``parse_cv(format_cv(h, s))`` gives ``h`` and ``s`` back.
    """
    lines = [f"{field}: {header[field]}" for field in HEADER_FIELDS]
    for heading in SECTIONS:
        lines += ["", heading, sections[heading]]
    return "\n".join(lines)


def cv_problems(text: str) -> list[str]:
    """Everything that keeps ``text`` from being a whole CV; empty when it is one.

    A whole CV has every header field and every section exactly once, in the
    standard order, none of them empty.
    """
    cv = parse_cv(text)
    problems = []
    for field in HEADER_FIELDS:
        if field not in cv.header:
            problems.append(f"missing header field {field}")
        elif not cv.header[field]:
            problems.append(f"empty header field {field}")
    for section in SECTIONS:
        if section not in cv.sections:
            problems.append(f"missing section {section}")
        elif not cv.sections[section]:
            problems.append(f"empty section {section}")
    expected = list(HEADER_FIELDS) + list(SECTIONS)
    if not problems and cv.order != expected:
        problems.append(f"parts out of order or repeated: {cv.order}")
    return problems


def is_valid_cv(text: str) -> bool:
    """True when ``cv_problems`` finds nothing."""
    return not cv_problems(text)
