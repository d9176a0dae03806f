"""Keeping one name through a generated CV.

A language model writes the ``Name:`` line and, a few lines later, a profile
sentence such as "Anders has worked in ..." that may name somebody else: the
tiny GPT-2 has not learnt to copy a name it wrote earlier. A colleague must
have one name, so every first name the corpus knows is replaced, outside the
header, by the first name of the ``Name:`` line; the changes are reported, so
the JSON record can show what was edited.

Example:

>>> text = "Name: Ada Jensen\\nTitle: Consultant\\n\\nProfile\\nAnders likes Ada's work."
>>> fixed, changes = harmonise_first_names(text, "Ada Jensen")
>>> fixed.splitlines()[-1], changes
("Ada likes Ada's work.", ['Anders -> Ada'])
"""

from __future__ import annotations

import re

from implementor_tf.data.synthetic_cvs import FIRST_NAMES, HEADER_FIELDS


def harmonise_first_names(text: str, name: str, first_names=FIRST_NAMES) -> tuple[str, list[str]]:
    """``text`` with every other known first name in its body replaced by ``name``'s.

    Args:
        text: str. A CV whose header lines (``Name:``, ``Title:``, ...) are
            left untouched.
        name: str. The colleague's full name; its first word is kept.
        first_names: the first names to look for, as whole words.

    Returns:
        The edited text and a list of ``"old -> new"`` changes, one per name.
    """
    first = name.split()[0] if name.split() else ""
    others = sorted((other for other in first_names if other != first), key=len, reverse=True)
    if not first or not others:
        return text, []
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, others)) + r")\b")
    changed: dict[str, None] = {}

    def replace(match: re.Match) -> str:
        changed[match.group(1)] = None
        return first

    lines = []
    for line in text.splitlines():
        field, colon, _ = line.partition(":")
        is_header = colon and field.strip() in HEADER_FIELDS
        lines.append(line if is_header else pattern.sub(replace, line))
    return "\n".join(lines), [f"{old} -> {first}" for old in changed]
