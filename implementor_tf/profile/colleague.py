"""One synthetic colleague: a face and a CV drawn from two trained runs with one seed.

The seed picks everything: the generator's noise vector (so the face) and the
CV sampler's random stream (so the text). ``ColleagueMaker`` loads the two
models once and then makes as many colleagues as asked; ``make_profile`` is
the one-off form.

The CV sampler writes a few candidate CVs per colleague and keeps the first
complete one (every header field and section, in order), or the one with the
fewest problems when none is complete; the choice depends only on the seed.
The name on the card is the CV's ``Name:`` line, and the CV is shown exactly
as the model wrote it: nothing is edited after generation (the fact check,
``implementor cv eval``, measures how often the model keeps one name, one
place and the rest).

Example (with the README's runs):

>>> colleague = make_profile("runs/face", "runs/cv", seed=3)     # doctest: +SKIP
>>> colleague.name, colleague.title, colleague.face.shape      # doctest: +SKIP
('Signe Olsen', 'Senior Cloud Engineer', (256, 256, 3))
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

import numpy as np

from implementor_tf.cv.config import CV_RUN
from implementor_tf.cv.format import PROMPT, ParsedCV, cv_problems, parse_cv
from implementor_tf.cv.generate import CVWriter
from implementor_tf.face.checkpoint import latest_checkpoint
from implementor_tf.face.config import FACE_RUN
from implementor_tf.face.dcgan import latent_noise
from implementor_tf.face.sample import load_generator
from implementor_tf.pictures import data_uri, png_bytes, to_uint8, upscale
from implementor_tf.run_folder import RunFolder

FACE_SIZE = 256  # Pixels of the face on the page and the card.
CANDIDATES = 4  # CVs written per colleague; the first complete one is kept.


@dataclasses.dataclass
class Colleague:
    """A synthetic colleague.

    Attributes:
        seed: int. The seed that drew the face and the CV.
        name, title, location: str. From the CV's header.
        face: uint8 ``(FACE_SIZE, FACE_SIZE, 3)``, enlarged for display.
        cv: ParsedCV of ``text``.
        text: str. The CV exactly as the model wrote it.
        problems: what keeps the CV from being complete (empty when it is).
        sources: dict. The runs, files and checkpoints the colleague came from.
    """

    seed: int
    name: str
    title: str
    location: str
    face: np.ndarray
    cv: ParsedCV
    text: str
    problems: list[str]
    sources: dict

    @functools.cached_property
    def face_png(self) -> bytes:
        """The face encoded as PNG, once: the profile, the team page and ``face.png`` share it."""
        return png_bytes(self.face)

    @property
    def face_uri(self) -> str:
        """The face as a ``data:`` URI for ``<img src>``."""
        return data_uri(self.face_png)

    @classmethod
    def from_text(cls, seed: int, text: str, face: np.ndarray, sources: dict | None = None) -> Colleague:
        """A colleague from a generated CV text and a uint8 face of any size."""
        cv = parse_cv(text)
        return cls(
            seed=seed,
            name=cv.header.get("Name") or f"Colleague {seed}",
            title=cv.header.get("Title", ""),
            location=cv.header.get("Location", ""),
            face=upscale(face, FACE_SIZE),
            cv=cv,
            text=text,
            problems=cv_problems(text),
            sources=sources or {},
        )


def choose_cv(texts: list[str]) -> str:
    """The first complete CV, else the first of those with the fewest problems."""
    return min(texts, key=lambda text: len(cv_problems(text)))


def describe_face_run(run_dir) -> dict:
    """Where a face comes from: the run, its averaged generator and newest checkpoint."""
    run = RunFolder(Path(run_dir).resolve(), FACE_RUN)
    checkpoint = latest_checkpoint(run / "checkpoints")
    metrics = run.records()
    return {
        "run": str(run.path),
        "generator": str(run / "generator.keras"),
        "checkpoint": str(checkpoint) if checkpoint else None,
        "images_seen": metrics[-1].get("images") if metrics else None,
    }


def describe_cv_run(run_dir) -> dict:
    """Where a CV comes from: the run, its best preset and that preset's epoch and loss."""
    run = RunFolder(Path(run_dir).resolve(), CV_RUN)
    preset = run / "preset"
    model = run.settings().model if run.holds_run() else None
    best = json.loads((preset / "best.json").read_text()) if (preset / "best.json").exists() else {}
    return {"run": str(run.path), "preset": str(preset), "model": model, **best}


class ColleagueMaker:
    """Loads a face run and a CV run once, then makes colleagues by seed.

    Args:
        face_run: folder written by ``implementor face train``.
        cv_run: folder written by ``implementor cv train``.
        candidates: int. CVs written per colleague to pick a complete one from.
        sampler: str. The CV sampler (see ``implementor_tf.cv.sampling``).
    """

    def __init__(self, face_run, cv_run, candidates: int = CANDIDATES, sampler: str = "top_p"):
        self.generator = load_generator(face_run)
        self.writer = CVWriter.from_run(cv_run, sampler=sampler)
        self.candidates = candidates
        self.sources = {"face": describe_face_run(face_run), "cv": {**describe_cv_run(cv_run), "sampler": sampler}}

    def face(self, seed: int) -> np.ndarray:
        """The averaged generator's face for ``seed``, as uint8 at the generator's size."""
        noise = latent_noise(1, self.generator.input_shape[-1], seed=seed)
        return to_uint8(self.generator(noise, training=False))[0]

    def make(self, seed: int) -> Colleague:
        """The colleague of ``seed``; the same seed always gives the same colleague."""
        texts = self.writer.generate(PROMPT, n=self.candidates, seed=seed)
        return Colleague.from_text(seed, choose_cv(texts), self.face(seed), self.sources)


def make_profile(face_run, cv_run, seed: int = 0) -> Colleague:
    """One synthetic colleague from a face run and a CV run (loads both models)."""
    return ColleagueMaker(face_run, cv_run).make(seed)
