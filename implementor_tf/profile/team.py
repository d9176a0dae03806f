"""Writing colleagues to disk: a folder per colleague and the team page.

``make_team(face_run, cv_run, out, n=8, seed=0)`` writes::

    out/index.html                      the team: faces and names in a grid
    out/colleague-SEED/implementor.html the profile page (self-contained)
    out/colleague-SEED/card.png         the profile card
    out/colleague-SEED/face.png         the face alone
    out/colleague-SEED/record.json      seed, runs, checkpoints, raw text

Colleague ``k`` of a team with seed ``S`` has seed ``S + k``, so it is the
same person as ``make_profile(face_run, cv_run, S + k)``.

Example (with the README's runs):

>>> team = make_team("runs/face", "runs/cv", "team", n=8)    # doctest: +SKIP
>>> team.index                                               # doctest: +SKIP
PosixPath('team/index.html')
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tqdm.auto import tqdm

from implementor_tf.profile.card import save_card
from implementor_tf.profile.colleague import Colleague, ColleagueMaker
from implementor_tf.profile.pages import render_profile, render_team
from implementor_tf.profile.record import profile_record, write_record
from implementor_tf.run_folder import save_atomically, write_text_atomically

PROFILE_FILES = {"profile": "implementor.html", "card": "card.png", "face": "face.png"}
RECORD_FILE = "record.json"


@dataclasses.dataclass
class Team:
    """What ``make_team`` wrote."""

    index: Path
    folders: list[Path]
    colleagues: list[Colleague]


def folder_name(seed: int) -> str:
    """The folder of a colleague: named by seed, so the same seed lands in the same place."""
    return f"colleague-{seed}"


def write_profile(colleague: Colleague, folder, team_href: str | None = None) -> Path:
    """Writes the profile page, card, face and record of ``colleague`` into ``folder``.

    Returns:
        The path of the JSON record.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomically(folder / PROFILE_FILES["profile"], render_profile(colleague, team_href))
    save_card(colleague, folder / PROFILE_FILES["card"])
    save_atomically(folder / PROFILE_FILES["face"], lambda temporary: temporary.write_bytes(colleague.face_png))
    record_path = folder / RECORD_FILE
    write_record(profile_record(colleague, dict(PROFILE_FILES)), record_path)
    return record_path


def make_team(face_run, cv_run, out, n: int = 8, seed: int = 0, progress: bool = True) -> Team:
    """Makes ``n`` colleagues (seeds ``seed`` to ``seed + n - 1``) and writes them with a team page.

    Args:
        face_run: folder written by ``implementor face train``.
        cv_run: folder written by ``implementor cv train``.
        out: str or Path. Folder to write into (created if missing).
        n: int. Colleagues on the team.
        seed: int. Seed of the first colleague.
        progress: bool. Show a progress bar.
    """
    if n < 1:
        raise ValueError(f"a team needs at least one colleague, not {n}")
    out = Path(out)
    maker = ColleagueMaker(face_run, cv_run)
    colleagues, folders = [], []
    for colleague_seed in tqdm(range(seed, seed + n), desc="Colleagues", unit="colleague", disable=not progress):
        colleague = maker.make(colleague_seed)
        folder = out / folder_name(colleague_seed)
        write_profile(colleague, folder, team_href="../index.html")
        colleagues.append(colleague)
        folders.append(folder)
    index = out / "index.html"
    hrefs = [f"{folder.name}/{PROFILE_FILES['profile']}" for folder in folders]
    write_text_atomically(index, render_team(colleagues, hrefs))
    return Team(index, folders, colleagues)
