"""CV corpora: the generated default, or the user's own CVs.

``load_cv_corpus(source)`` accepts:

- ``"synthetic"``: generated consultant CVs (see ``synthetic_cvs``);
- a folder: every ``.txt`` and ``.md`` file below it is one CV;
- a ``.jsonl`` file: one JSON object per line with the CV in ``"text"``;
- any other text file: CVs separated by lines that hold only ``---``.

Invalid UTF-8 is reported by file and line and that CV is skipped; so are
empty CVs and malformed JSON lines. Everything skipped is named in one
warning. Input files are only ever read. A deterministic part of the CVs is
held out for validation.

Example:

>>> corpus = load_cv_corpus("synthetic", n=50, seed=0)
>>> len(corpus.train), len(corpus.validation)
(45, 5)
"""

from __future__ import annotations

import dataclasses
import json
import random
import warnings
from pathlib import Path

from implementor_tf.data.synthetic_cvs import generate_cvs

CV_SUFFIXES = {".txt", ".md"}
DEFAULT_SEPARATOR = "---"


class CVCorpusError(ValueError):
    """Raised when a corpus has too few usable CVs."""


@dataclasses.dataclass
class CVCorpus:
    """CV texts split for training.

    Attributes:
        train: CVs to train on.
        validation: held-out CVs.
        description: where they came from, printed before training.
        skipped: ``(place, reason)`` for everything that was not used.
    """

    train: list[str]
    validation: list[str]
    description: str
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def _decode_lines(data: bytes, place: str, skipped: list) -> str | None:
    """The text of ``data``, or None after noting the first line that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        for number, line in enumerate(data.split(b"\n"), start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as error:
                skipped.append((f"{place}:{number}", f"invalid UTF-8 ({error.reason} at byte {error.start})"))
                return None
    return None  # pragma: no cover - the loop always finds the bad line


def _read_folder(folder: Path, skipped: list) -> list[str]:
    texts = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in CV_SUFFIXES:
            continue
        text = _decode_lines(path.read_bytes(), str(path), skipped)
        if text is not None:
            texts.append((str(path), text))
    return _keep_non_empty(texts, skipped)


def _read_jsonl(path: Path, skipped: list) -> list[str]:
    texts = []
    for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not raw.strip():
            continue
        place = f"{path}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            skipped.append((place, f"invalid UTF-8 ({error.reason} at byte {error.start})"))
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            skipped.append((place, f"not JSON ({error.msg})"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            skipped.append((place, 'no "text" string field'))
            continue
        texts.append((place, record["text"]))
    return _keep_non_empty(texts, skipped)


def _read_separated(path: Path, separator: str, skipped: list) -> list[str]:
    texts, current, start, bad_line = [], [], 1, None
    for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad_line = bad_line or (number, error)
            line = ""
        if line.strip() == separator:
            _close_document(path, texts, current, start, bad_line, skipped)
            current, start, bad_line = [], number + 1, None
        else:
            current.append(line)
    _close_document(path, texts, current, start, bad_line, skipped)
    return _keep_non_empty(texts, skipped)


def _close_document(path, texts, lines, start, bad_line, skipped):
    if bad_line is not None:
        number, error = bad_line
        skipped.append((f"{path}:{number}", f"invalid UTF-8 ({error.reason}); the CV starting at line {start} is skipped"))
    elif lines:
        texts.append((f"{path}:{start}", "\n".join(lines)))


def _keep_non_empty(texts: list[tuple[str, str]], skipped: list) -> list[str]:
    kept = []
    for place, text in texts:
        text = text.strip().replace("\r\n", "\n")
        if text:
            kept.append(text)
        else:
            skipped.append((place, "empty"))
    return kept


def split_validation(texts: list[str], fraction: float, seed: int) -> tuple[list[str], list[str]]:
    """A deterministic ``(train, validation)`` split with at least one CV in each."""
    if len(texts) < 2:
        raise CVCorpusError(f"need at least 2 CVs (one is held out for validation), found {len(texts)}")
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    held_out = min(max(1, round(fraction * len(texts))), len(texts) - 1)
    validation = [texts[index] for index in order[:held_out]]
    train = [texts[index] for index in order[held_out:]]
    return train, validation


def load_cv_corpus(
    source: str = "synthetic",
    n: int = 2000,
    seed: int = 0,
    validation_fraction: float = 0.1,
    separator: str = DEFAULT_SEPARATOR,
) -> CVCorpus:
    """Loads and splits a CV corpus.

    Args:
        source: str. ``"synthetic"``, a folder, a ``.jsonl`` file or a text file.
        n: int. Number of synthetic CVs.
        seed: int. Seed of the synthetic CVs and of the validation split.
        validation_fraction: float. Share of CVs held out.
        separator: str. The line that separates CVs in a single text file.

    Raises:
        FileNotFoundError: the path does not exist.
        CVCorpusError: fewer than two usable CVs.
    """
    skipped: list[tuple[str, str]] = []
    if source == "synthetic":
        texts = generate_cvs(n, seed=seed)
        description = f"synthetic: {n:,} generated consultant CVs (seed {seed})"
    else:
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"CV corpus {source} does not exist; use 'synthetic', a folder, a .jsonl or a text file")
        if path.is_dir():
            texts = _read_folder(path, skipped)
            kind = "folder"
        elif path.suffix.lower() == ".jsonl":
            texts = _read_jsonl(path, skipped)
            kind = "JSON-lines file"
        else:
            texts = _read_separated(path, separator, skipped)
            kind = f"text file separated by '{separator}' lines"
        description = f"{kind} {path}: {len(texts):,} CVs"
    if skipped:
        listing = "\n".join(f"  {place}: {reason}" for place, reason in skipped)
        warnings.warn(f"skipped {len(skipped)} CVs or lines in {source}:\n{listing}", stacklevel=2)
    if not texts:
        raise CVCorpusError(f"no usable CV in {source}: expected .txt/.md files, a .jsonl with a \"text\" field, or '{separator}'-separated text")
    train, validation = split_validation(texts, validation_fraction, seed)
    return CVCorpus(train, validation, description, skipped)
