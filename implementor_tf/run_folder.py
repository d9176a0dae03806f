"""The run folder: the one place that knows how a training run lays out its files.

Every run (face, CV, RL) writes into a folder of its own:

- ``config.json``: its settings, written when it starts, read back to resume
  or to load what it made;
- a JSON-lines log (one record per epoch or per report) and a plot of it;
- what the run makes (``generator.keras``, ``preset/``, ``policy.keras``)
  and its checkpoints, by name through ``RunFolder.path``.

``RunFolder`` keeps the rules in one place: a folder that holds a run is
never overwritten, only a run that exists is resumed, and settings and logs
are written so that a kill leaves the old file or the new one, never half of
one. Each kind of run describes itself with a ``RunKind``.

Example:

>>> import dataclasses, tempfile
>>> from implementor_tf.settings import Settings, setting
>>> @dataclasses.dataclass
... class Toy(Settings):
...     steps: int = setting(10, "steps")
>>> TOY = RunKind("toy", Toy, train_command="implementor toy train", from_command=("steps",))
>>> run = RunFolder(tempfile.mkdtemp(), TOY)
>>> settings = run.start(Toy(), resume=False)   # Checks the folder; writes nothing.
>>> run.save_settings(settings)
>>> run.log({"step": 1}); run.records()
[{'step': 1}]
>>> RunFolder(run.path, TOY).settings()
Toy(steps=10)
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

CONFIG_FILE = "config.json"
FINISHED_FILE = "finished.json"


def save_atomically(path, write) -> Path:
    """Writes a file whole or not at all: ``write(temporary_path)``, then flush to disk and rename.

    The temporary file sits in the same folder and keeps the name's ending
    (Keras wants ``.keras`` or ``.weights.h5``), so a kill at any instant
    leaves the old file or the new one, never half of one, and at most a
    hidden ``.NAME.PID.tmp...`` file that the next write replaces.

    Args:
        path: str or Path. The file to write.
        write: function of a Path that writes the file there.
    """
    path = Path(path)
    suffix = ".weights.h5" if path.name.endswith(".weights.h5") else path.suffix
    temporary = path.with_name(f".{path.name[: len(path.name) - len(suffix)]}.{os.getpid()}.tmp{suffix}")
    try:
        write(temporary)
        with open(temporary, "rb+") as file:
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # A failed write leaves the old file, and nothing else.
        raise
    _flush(path.parent)  # The rename itself reaches the disk.
    return path


def _flush(path: Path) -> None:
    """fsync of a file or folder by its path."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def sync_folder(path) -> None:
    """Flushes every file under the folder ``path``, and the folder itself, to disk.

    For a folder written by another library (a TensorFlow checkpoint) under a
    temporary name: call this, then rename the folder, and it is whole or absent.
    """
    path = Path(path)
    for item in sorted(path.rglob("*"), reverse=True) + [path]:  # Files before the folders that name them.
        _flush(item)


def write_text_atomically(path, text: str) -> None:
    """Writes ``text`` (UTF-8) to ``path`` whole or not at all (see ``save_atomically``)."""
    save_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


@dataclasses.dataclass(frozen=True)
class RunKind:
    """What kind of run a folder holds, and the names of its files.

    Args:
        name: str. For messages ("face", "CV", "RL").
        settings_class: the ``Settings`` dataclass saved as ``config.json``.
        train_command: str. The command that makes such a run, for messages.
        from_command: tuple of str. The settings a resumed run takes from the
            command that resumes it rather than from ``config.json``: the
            training length (so a finished run can train on) and how it is
            spread over devices (a run may resume on another machine).
        log: str. The JSON-lines log's file name.
        plot: str. The picture of the log.
    """

    name: str
    settings_class: type
    train_command: str
    from_command: tuple[str, ...] = ()
    log: str = "metrics.jsonl"
    plot: str = "losses.png"


class RunFolder:
    """A run's folder: its settings, its log and the paths of what it writes.

    Args:
        path: str or Path. The folder.
        kind: RunKind. What it holds.
    """

    def __init__(self, path, kind: RunKind):
        self.path = Path(path)
        self.kind = kind

    def __repr__(self) -> str:
        return f"RunFolder({str(self.path)!r}, {self.kind.name})"

    def __truediv__(self, name: str) -> Path:
        """``run / "generator.keras"``: the path of a file the run writes."""
        return self.path / name

    @property
    def config_path(self) -> Path:
        return self.path / CONFIG_FILE

    @property
    def log_path(self) -> Path:
        return self.path / self.kind.log

    @property
    def plot_path(self) -> Path:
        return self.path / self.kind.plot

    def holds_run(self) -> bool:
        """True once a run has started here (its settings are saved)."""
        return self.config_path.exists()

    def settings(self):
        """The settings saved by the run.

        Raises:
            FileNotFoundError: the folder holds no run of this kind.
        """
        if not self.holds_run():
            raise FileNotFoundError(
                f"{self.path} is not a {self.kind.name} run (no {CONFIG_FILE}): train one with `{self.kind.train_command} --out {self.path}`"
            )
        return self.kind.settings_class.from_json(self.config_path.read_text(encoding="utf-8"))

    def start(self, settings, resume: bool):
        """The settings the run goes on with; checks the folder, writes nothing.

        Without ``resume`` a folder that holds a run is an error; with
        ``resume`` a folder without one is. When resuming, the saved settings
        win, except ``kind.from_command`` (the training length, the
        distribution), which come from ``settings``.

        Raises:
            FileExistsError: the folder holds a run and ``resume`` is false.
            FileNotFoundError: ``resume`` is true and the folder holds no run.
        """
        if not resume:
            if self.holds_run():
                raise FileExistsError(
                    f"{self.path} already holds a {self.kind.name} run: pass --resume to continue it, or choose another --out"
                )
            return settings
        if not self.holds_run():
            raise FileNotFoundError(f"nothing to resume in {self.path}: it has no {CONFIG_FILE} (start it without --resume)")
        saved = self.settings()
        return dataclasses.replace(saved, **{name: getattr(settings, name) for name in self.kind.from_command})

    def save_settings(self, settings) -> None:
        """Creates the folder and writes ``config.json``."""
        self.path.mkdir(parents=True, exist_ok=True)
        write_text_atomically(self.config_path, settings.to_json())

    def log(self, record: dict) -> None:
        """Appends one record to the run's log."""
        with self.log_path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")

    def records(self) -> list[dict]:
        """Every record of the run's log (none before the first); a line cut short by a kill is skipped."""
        if not self.log_path.exists():
            return []
        records = []
        for line in self.log_path.read_text(encoding="utf-8").splitlines():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return records

    def save_model(self, model, name: str) -> Path:
        """Saves a Keras model as ``name`` (``.keras``) in the folder, whole or not at all."""
        return save_atomically(self / name, model.save)

    def mark_finished(self, summary: dict | None = None) -> None:
        """Writes ``finished.json``, the last file of a run: everything before it is complete."""
        write_text_atomically(self / FINISHED_FILE, json.dumps(summary or {}, indent=2))

    def finished(self) -> bool:
        """True when the run wrote its ``finished.json`` (and was not resumed since)."""
        return (self / FINISHED_FILE).exists()

    def reopen(self) -> None:
        """Removes ``finished.json`` when a run is resumed to train further."""
        (self / FINISHED_FILE).unlink(missing_ok=True)

    def keep_records(self, count: int) -> None:
        """Drops the log's records after the first ``count`` (back to a checkpoint)."""
        kept = self.records()[:count]
        write_text_atomically(self.log_path, "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in kept))
