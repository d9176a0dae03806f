"""Turning CV sections into the parts a profile page shows.

The generated CV is plain text: ``Experience`` and ``Education`` hold entries
such as ``2021-2024 | Lead Data Engineer | Nordic retail bank (banking)``
followed by lines about them, ``Skills`` and ``Languages`` hold lists
separated by commas. A model can write anything, so lines that do not fit are
kept as text of their entry rather than dropped.

Example:

>>> entries = entries_of("2021-2024 | Data Engineer | Bank\\nBuilt a platform.")
>>> entries[0].period, entries[0].role, entries[0].place, entries[0].details
('2021-2024', 'Data Engineer', 'Bank', ['Built a platform.'])
>>> items_of("Python, SQL,  Spark, SQL")
['Python', 'SQL', 'Spark']
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class Entry:
    """One job or degree: ``period | role | place`` and the lines under it."""

    period: str = ""
    role: str = ""
    place: str = ""
    details: list[str] = dataclasses.field(default_factory=list)


def entries_of(text: str) -> list[Entry]:
    """The entries of an ``Experience`` or ``Education`` section.

    A line with a ``|`` starts an entry (its first three parts are period,
    role and place; further parts join the place) unless bars are all it
    holds; any other line is a detail of the entry before it, or of an entry
    with no heading when none came yet.
    """
    entries: list[Entry] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if "|" in line:
            parts = [part.strip() for part in line.split("|")]
            if not any(parts):
                continue  # Bars alone: nothing to show.
            parts += [""] * (3 - len(parts))
            entries.append(Entry(parts[0], parts[1], " | ".join(part for part in parts[2:] if part)))
        else:
            if not entries:
                entries.append(Entry())
            entries[-1].details.append(line)
    return entries


def items_of(text: str) -> list[str]:
    """The items of a comma-separated list such as ``Skills``, each once, in order."""
    items = (item.strip() for item in text.replace("\n", ",").split(","))
    return list(dict.fromkeys(item for item in items if item))
