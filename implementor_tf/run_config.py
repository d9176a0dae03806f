"""The one rule of every run folder: never overwrite a run, and resume only a run that exists.

Example:

>>> import dataclasses, tempfile
>>> @dataclasses.dataclass
... class Settings:
...     steps: int = 10
...     def to_json(self): return '{"steps": %d}' % self.steps
...     @classmethod
...     def from_json(cls, text): return cls(**__import__("json").loads(text))
>>> folder = tempfile.mkdtemp()
>>> resume_config(folder, Settings(), resume=False, kind="toy")
Settings(steps=10)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path


def resume_config(run_dir, config, resume: bool, kind: str, longer: str | None = None):
    """The settings a run continues with.

    Without ``resume`` a folder that holds a run (a ``config.json``) is an
    error; with ``resume`` a folder without one is. When resuming, the saved
    settings win, except the field ``longer`` (the training length), which
    comes from ``config`` so that a finished run can be trained further.

    Args:
        run_dir: str or Path. The run folder.
        config: a dataclass with ``to_json``/``from_json``. The settings asked for.
        resume: bool. Continue the run in ``run_dir``.
        kind: str. What the run trains, for messages ("CV", "RL").
        longer: str or None. The field taken from ``config`` on resume.

    Raises:
        FileExistsError: ``run_dir`` holds a run and ``resume`` is false.
        FileNotFoundError: ``resume`` is true and ``run_dir`` holds no run.
    """
    config_path = Path(run_dir) / "config.json"
    if not resume:
        if config_path.exists():
            raise FileExistsError(f"{run_dir} already holds a {kind} run: pass --resume to continue it, or choose another --out")
        return config
    if not config_path.exists():
        raise FileNotFoundError(f"nothing to resume in {run_dir}: it has no config.json (start it without --resume)")
    saved = type(config).from_json(config_path.read_text())
    return dataclasses.replace(saved, **{longer: getattr(config, longer)}) if longer else saved
