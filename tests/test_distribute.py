"""Training across workers: the cluster's rules in-process, and real two-worker clusters of `implementor` processes.

The two-worker tests start two `implementor ... --distribute multi-worker`
processes on this machine (127.0.0.1, two free ports, one CPU each), joined
by ``TF_CONFIG`` as machines of a real cluster would be.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from implementor_tf.cv.config import CV_RUN
from implementor_tf.distribute import Cluster, check_distribution, connect, local_hosts, tf_config
from implementor_tf.face.config import FACE_RUN
from implementor_tf.precision import gpu_available
from implementor_tf.run_folder import RunFolder

FINGERPRINT = re.compile(r"weights ([0-9a-f]{12})")
COMMANDS = {
    "face": ["face", "train", "--budget", "test"],
    "cv": ["cv", "train", "--budget", "test", "--sample-every", "30"],
}


def start_workers(args: list[str], out: Path, scratch: Path, hosts: list[str], tag: str = "") -> list[subprocess.Popen]:
    """One `implementor` process per host address, each pinned to one CPU, writing its log beside ``out``."""
    cpus = sorted(os.sched_getaffinity(0))
    processes = []
    for index in range(len(hosts)):
        cluster = tf_config(hosts, index)
        environment = {**os.environ, "TF_CONFIG": cluster, "TMPDIR": str(scratch), "TF_CPP_MIN_LOG_LEVEL": "3"}
        cpu = {cpus[index % len(cpus)]}
        log = open(out.parent / f"{out.name}{tag}-worker{index}.log", "w", encoding="utf-8")  # noqa: SIM115 (closed with the process)
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "implementor_tf.cli", *args, "--distribute", "multi-worker", "--out", str(out)],
            stdout=log, stderr=subprocess.STDOUT, env=environment, preexec_fn=lambda cpu=cpu: os.sched_setaffinity(0, cpu),
        ))
    return processes


def wait_all(processes, timeout: float = 300) -> list[int]:
    deadline = time.monotonic() + timeout
    codes = []
    for process in processes:
        try:
            codes.append(process.wait(timeout=max(1.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            for other in processes:
                other.kill()
            raise
    return codes


def worker_logs(out: Path, tag: str = "") -> list[str]:
    return [path.read_text(encoding="utf-8", errors="replace") for path in sorted(out.parent.glob(f"{out.name}{tag}-worker*.log"))]


def train_on_two_workers(kind: str, tmp_path: Path, extra: tuple = ()) -> tuple[Path, list[str]]:
    out, scratch = tmp_path / kind, tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    codes = wait_all(start_workers([*COMMANDS[kind], *extra], out, scratch, local_hosts(2)))
    logs = worker_logs(out)
    assert codes == [0, 0], "\n".join(log[-3000:] for log in logs)
    return out, logs


def scratch_folders(scratch: Path) -> set[str]:
    return {path.name for path in scratch.glob("implementor-worker*")}


def assert_chief_folder_is_complete(out: Path, run_kind, files: list[str]) -> None:
    run = RunFolder(out, run_kind)
    assert run.finished()
    assert all((out / name).exists() for name in files), sorted(path.name for path in out.iterdir())
    key = "epoch" if run_kind is CV_RUN else "images"
    progress = [record[key] for record in run.records()]
    assert progress == sorted(set(progress)), progress  # Written by the chief alone: no line twice.


def fingerprints(logs: list[str]) -> list[str]:
    return [FINGERPRINT.findall(log)[-1] for log in logs]


def test_one_device_needs_no_cluster(tmp_path):
    cluster = connect("none")
    assert (cluster.kind, cluster.replicas, cluster.workers, cluster.is_chief) == ("none", 1, 1, True)
    run = RunFolder(tmp_path, FACE_RUN)
    with cluster.folder(run) as out:
        assert out is run


def test_the_global_batch_must_split_over_the_replicas():
    three = Cluster("mirrored", type("Strategy", (), {"num_replicas_in_sync": 3})())
    three.check_batch(48)
    with pytest.raises(ValueError, match="must split evenly over 3 replicas: use a multiple of 3"):
        three.check_batch(32)


@pytest.mark.parametrize("run_kind", [FACE_RUN, CV_RUN])
def test_xla_is_turned_off_for_a_step_spread_over_cpu_workers(tmp_path, run_kind):
    # XLA has no collective operations on a CPU: such a step fails with UnimplementedError (measured on the CV model).
    asked = run_kind.settings_class.budget("test").replace(jit_compile=True)
    alone = Cluster("none", type("Strategy", (), {"num_replicas_in_sync": 1})())
    two = Cluster("multi-worker", type("Strategy", (), {"num_replicas_in_sync": 2})(), workers=2)
    assert alone.start(RunFolder(tmp_path / "alone", run_kind), asked, resume=False).jit_compile is True
    assert two.start(RunFolder(tmp_path / "two", run_kind), asked, resume=False).jit_compile is gpu_available()


def test_a_worker_writes_into_a_scratch_folder_that_is_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # Reads TMPDIR again.
    worker = Cluster("multi-worker", object(), worker=1, workers=2, is_chief=False)
    run = RunFolder(tmp_path / "run", CV_RUN)
    with worker.folder(run) as out:
        assert out.path.parent == tmp_path and out.kind is CV_RUN
        out.save_settings(CV_RUN.settings_class())
    assert not out.path.exists() and not run.path.exists()


@pytest.mark.parametrize(
    "tf_config, message",
    [(None, "needs TF_CONFIG"), ("{not json", "not a cluster description"), ('{"cluster": {}}', "not a cluster description")],
)
def test_multi_worker_without_a_cluster_is_a_clear_error(monkeypatch, tf_config, message):
    if tf_config is None:
        monkeypatch.delenv("TF_CONFIG", raising=False)
    else:
        monkeypatch.setenv("TF_CONFIG", tf_config)
    with pytest.raises(ValueError, match=message):
        check_distribution("multi-worker")


def test_the_face_trains_on_two_workers_in_step(tmp_path):
    out, logs = train_on_two_workers("face", tmp_path)
    first, second = fingerprints(logs)
    assert first == second  # Both workers hold the same weights, averaged generator included.
    assert "worker 0 of 2 (chief), 2 replicas in sync" in logs[0] and "worker 1 of 2, 2 replicas" in logs[1]
    assert not scratch_folders(tmp_path / "scratch"), "a worker left its scratch folder behind"
    assert_chief_folder_is_complete(
        out, FACE_RUN,
        ["config.json", "metrics.jsonl", "losses.png", "progress.gif", "generator.keras", "discriminator.keras", "checkpoints"],
    )
    assert RunFolder(out, FACE_RUN).records()[-1]["images"] == 128  # The global batch of 16, 8 steps.


def test_the_cv_model_trains_on_two_workers_as_on_one_device(tmp_path):
    out, logs = train_on_two_workers("cv", tmp_path)
    first, second = fingerprints(logs)
    assert first == second
    assert not scratch_folders(tmp_path / "scratch"), "a worker left its scratch folder behind"
    assert_chief_folder_is_complete(
        out, CV_RUN,
        ["config.json", "metrics.jsonl", "loss.png", "samples.txt", "tokenizer", "preset", "backup"],
    )
    # The same run on one device, with the same global batch: the same losses.
    one = tmp_path / "one-device"
    done = subprocess.run(
        [sys.executable, "-m", "implementor_tf.cli", *COMMANDS["cv"], "--distribute", "none", "--out", str(one)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for two_workers, one_device in zip(RunFolder(out, CV_RUN).records(), RunFolder(one, CV_RUN).records(), strict=True):
        for key in ("loss", "val_loss"):
            assert two_workers[key] == pytest.approx(one_device[key], rel=1e-4), key


@pytest.mark.slow
@pytest.mark.parametrize(
    "kind, length, ready",
    [("face", ["--kimg", "0.512"], "checkpoints/latest"), ("cv", ["--epochs", "5"], "backup/training_metadata.json")],
)
def test_a_killed_worker_and_a_restarted_cluster_resume_from_the_last_checkpoint(tmp_path, kind, length, ready):
    out, scratch = tmp_path / kind, tmp_path / "scratch"
    scratch.mkdir()
    args = [*COMMANDS[kind], *length]
    processes = start_workers(args, out, scratch, local_hosts(2))
    deadline = time.monotonic() + 240
    while not (out / ready).exists() and time.monotonic() < deadline and processes[0].poll() is None:
        time.sleep(0.2)
    assert (out / ready).exists() and processes[0].poll() is None, "\n".join(worker_logs(out))
    time.sleep(1.0)
    processes[1].send_signal(signal.SIGKILL)  # One machine dies ...
    time.sleep(2.0)
    processes[0].send_signal(signal.SIGKILL)  # ... and the cluster is stopped.
    wait_all(processes)
    assert not RunFolder(out, FACE_RUN if kind == "face" else CV_RUN).finished()
    left_by_the_kill = scratch_folders(scratch)  # A killed process cannot clean up; the system's tmp cleaner does.

    codes = wait_all(start_workers([*args, "--resume"], out, scratch, local_hosts(2), tag="-resumed"))
    logs = worker_logs(out, tag="-resumed")
    assert codes == [0, 0], "\n".join(log[-3000:] for log in logs)
    if kind == "face":
        assert all("Resuming from" in log for log in logs)
    else:  # Keras's BackupAndRestore starts at the epoch after the chief's last backup, on both workers.
        assert all(re.search(r"Epoch ([2-5])/5", log) and "Epoch 1/5" not in log for log in logs)
    assert fingerprints(logs)[0] == fingerprints(logs)[1]
    run_kind = FACE_RUN if kind == "face" else CV_RUN
    files = ["generator.keras", "progress.gif"] if kind == "face" else ["preset", "samples.txt"]
    assert_chief_folder_is_complete(out, run_kind, ["config.json", "metrics.jsonl", *files])
    assert scratch_folders(scratch) == left_by_the_kill
