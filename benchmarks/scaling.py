"""Training throughput on one worker and on two, and an estimate for a real cluster.

Measured: the face (the default 64 px GAN) and the CV model (the default tiny
GPT-2) trained by `implementor ... train`, once as one process on one CPU
(`--distribute none`) and once as two `--distribute multi-worker` processes
joined by ``TF_CONFIG`` on 127.0.0.1, one CPU each. Both use the same global
batch, so two workers do the work of one step between them; the ratio of the
two throughputs is the measured speed-up (2.0 would be perfect).

Estimated: with the global batch fixed, N workers each compute 1/N of a step
and then all-reduce every gradient (4 bytes per trainable parameter; a ring
all-reduce sends and receives 2(N-1)/N of that per worker, in 2(N-1)
messages). The step time on N workers is then about

    t(N) = t(1) / N + 2 (N - 1) / N * bytes / bandwidth + 2 (N - 1) * latency

with t(1) the step time measured here on one worker. The table prints the
speed-up t(1) / t(N) for a few networks. It ignores that smaller per-worker
batches use a device less well, so it is an upper bound.

    python benchmarks/scaling.py --out runs/scaling
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from implementor_tf.cv.config import CV_RUN
from implementor_tf.distribute import local_hosts, tf_config
from implementor_tf.face.config import FACE_RUN
from implementor_tf.run_folder import RunFolder

NETWORKS = {"1 Gbit/s Ethernet": (1e9 / 8, 50e-6), "10 Gbit/s Ethernet": (10e9 / 8, 20e-6), "100 Gbit/s InfiniBand": (100e9 / 8, 3e-6)}
WORKERS = (2, 4, 8, 16)


def train(args: list[str], out: Path, workers: int) -> float:
    """Runs ``implementor ARGS --out OUT`` on ``workers`` processes, one CPU each; returns the wall time."""
    shutil.rmtree(out, ignore_errors=True)
    cpus = sorted(os.sched_getaffinity(0))
    hosts = local_hosts(workers)
    processes = []
    started = time.perf_counter()
    for index in range(workers):
        environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
        distribute = ["--distribute", "none"]
        if workers > 1:
            environment["TF_CONFIG"] = tf_config(hosts, index)
            distribute = ["--distribute", "multi-worker"]
        cpu = {cpus[index % len(cpus)]}
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "implementor_tf.cli", *args, *distribute, "--out", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment,
            preexec_fn=lambda cpu=cpu: os.sched_setaffinity(0, cpu),
        ))
    for process in processes:
        _, errors = process.communicate()
        if process.returncode:
            raise RuntimeError(f"implementor {' '.join(args)} failed:\n{errors.decode(errors='replace')[-3000:]}")
    return time.perf_counter() - started


def face_figures(out: Path) -> dict:
    """Images per second (median over the epochs after the first, which traces the step) and parameters."""
    import keras

    records = RunFolder(out, FACE_RUN).records()
    rates = [record["images_per_second"] for record in records[1:]] or [records[-1]["images_per_second"]]
    parameters = sum(
        sum(int(weight.numpy().size) for weight in keras.models.load_model(out / name, compile=False).trainable_weights)
        for name in ("generator.keras", "discriminator.keras")
    )
    return {"rate": statistics.median(rates), "unit": "images/s", "parameters": parameters}


def cv_figures(out: Path) -> dict:
    """Tokens per second of the last epoch (the first traces the step) and parameters."""
    import keras_hub

    records = RunFolder(out, CV_RUN).records()
    backbone = keras_hub.models.Backbone.from_preset(str(out / "preset"))
    return {"rate": records[-1]["tokens_per_second"], "unit": "tokens/s", "parameters": backbone.count_params()}


def estimate(step_seconds: float, parameters: int) -> list[str]:
    """Rows of the estimated speed-up table for one model."""
    gradient_bytes = 4 * parameters
    rows = []
    for network, (bandwidth, latency) in NETWORKS.items():
        speedups = []
        for n in WORKERS:
            seconds = step_seconds / n + 2 * (n - 1) / n * gradient_bytes / bandwidth + 2 * (n - 1) * latency
            speedups.append(f"{step_seconds / seconds:5.1f}x")
        rows.append(f"  {network:<22} " + "  ".join(speedups))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/scaling", help="folder for the runs")
    parser.add_argument("--face-kimg", type=float, default=4.0, help="thousands of images per face run")
    parser.add_argument("--cv-cvs", type=int, default=1500, help="CVs per CV run (two epochs)")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow loads later here, to count parameters.
    out = Path(args.out)
    jobs = {
        "face": (["face", "train", "--kimg", str(args.face_kimg), "--epoch-kimg", "1"], face_figures, 32),
        "cv": (["cv", "train", "--n-cvs", str(args.cv_cvs), "--epochs", "2", "--sample-every", "0"], cv_figures, 16 * 256),
    }
    print(f"CPUs here: {len(os.sched_getaffinity(0))}; each worker is pinned to one.")
    for name, (command, figures, per_step) in jobs.items():
        measured = {}
        for workers in (1, 2):
            seconds = train(command, out / f"{name}-{workers}", workers)
            measured[workers] = figures(out / f"{name}-{workers}")
            print(f"{name}: {workers} worker(s): {measured[workers]['rate']:,.0f} {measured[workers]['unit']} "
                  f"({seconds:.0f} s wall, start-up included)")
        one, two = measured[1], measured[2]
        step_seconds = per_step / one["rate"]
        print(f"{name}: two workers train {two['rate'] / one['rate']:.2f}x as fast as one "
              f"(perfect: 2.00x); {one['parameters']:,} trainable parameters, "
              f"{4 * one['parameters'] / 1e6:.1f} MB of gradients all-reduced per step; "
              f"one worker's step: {step_seconds * 1000:.0f} ms")
        print(f"{name}: estimated speed-up on N workers, global batch fixed (upper bound):")
        print(f"  {'network':<22} " + "  ".join(f"{f'N={n}':>6}" for n in WORKERS))
        print("\n".join(estimate(step_seconds, one["parameters"])))


if __name__ == "__main__":
    main()
