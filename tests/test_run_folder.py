"""The run folder: atomic writes, the resume rule, the log, and the finished marker."""

import dataclasses

import pytest

from implementor_tf.run_folder import RunFolder, RunKind, save_atomically, write_text_atomically
from implementor_tf.settings import Settings, setting


@dataclasses.dataclass
class Toy(Settings):
    steps: int = setting(10, "steps", within="[1, inf)")


TOY = RunKind("toy", Toy, "implementor toy train", from_command=("steps",))


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "model.keras"
    write_text_atomically(path, "old")

    def half_then_fail(temporary):
        temporary.write_text("half a fi")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        save_atomically(path, half_then_fail)
    assert path.read_text() == "old"
    assert [entry.name for entry in tmp_path.iterdir()] == ["model.keras"]


def test_the_temporary_file_keeps_the_ending_keras_needs(tmp_path):
    seen = []
    save_atomically(tmp_path / "latest.weights.h5", lambda temporary: seen.append(temporary.name) or temporary.write_text("x"))
    save_atomically(tmp_path / "generator.keras", lambda temporary: seen.append(temporary.name) or temporary.write_text("x"))
    assert seen[0].startswith(".latest.") and seen[0].endswith(".tmp.weights.h5")
    assert seen[1].startswith(".generator.") and seen[1].endswith(".tmp.keras")


def test_the_resume_rule(tmp_path):
    run = RunFolder(tmp_path / "run", TOY)
    with pytest.raises(FileNotFoundError, match="nothing to resume"):
        run.start(Toy(), resume=True)
    run.save_settings(run.start(Toy(steps=5), resume=False))
    with pytest.raises(FileExistsError, match="already holds a toy run"):
        run.start(Toy(), resume=False)
    assert run.start(Toy(steps=50), resume=True) == Toy(steps=50)  # Only the length changes on resume.


def test_the_log_skips_a_line_cut_short_and_keeps_records_to_a_checkpoint(tmp_path):
    run = RunFolder(tmp_path, TOY)
    for step in (1, 2, 3):
        run.log({"step": step})
    with run.log_path.open("a") as file:
        file.write('{"step": 4, "lo')  # A kill in the middle of a line.
    assert [record["step"] for record in run.records()] == [1, 2, 3]
    run.keep_records(2)
    assert [record["step"] for record in run.records()] == [1, 2]


def test_finished_is_a_marker_written_last_and_removed_on_resume(tmp_path):
    run = RunFolder(tmp_path, TOY)
    assert not run.finished()
    run.mark_finished({"steps": 10})
    assert run.finished()
    run.reopen()
    assert not run.finished()
