"""Reading and appending JSON-lines logs (``metrics.jsonl``).

Example:

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "log.jsonl"
>>> append_jsonl(path, {"step": 1})
>>> read_jsonl(path)
[{'step': 1}]
"""

from __future__ import annotations

import json
from pathlib import Path


def read_jsonl(path) -> list[dict]:
    """All records of a JSON-lines file (an empty list if it does not exist)."""
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def append_jsonl(path, record: dict) -> None:
    """Appends one record as a line."""
    with Path(path).open("a", encoding="utf-8") as file:
        file.write(json.dumps(record, ensure_ascii=False) + "\n")
