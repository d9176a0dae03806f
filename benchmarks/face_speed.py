"""Face training speed, and how much of this machine's arithmetic it uses.

For each image size (32, 64 and 128 px by default) and each precision
(float32 and mixed bfloat16), prints:

- real images per second through ``fit`` (after a warm-up that compiles);
- floating-point operations of one training step, counted by TensorFlow's
  graph profiler on the step's graph (convolutions, their gradients, matrix
  products, element-wise operations), not estimated by hand;
- achieved GFLOP/s, and its ratio to a matrix-product peak measured in the
  same run and the same precision (a 2048 x 2048 product, best of 10).

With ``--compare-before`` it also measures, at 64 px, the face defaults
before the recipe comparison (transposed convolutions, XLA, float32) beside
today's, so the speed-up is read from one run on one machine.

Usage:

    python benchmarks/face_speed.py [--sizes 32,64,128] [--steps 40] [--xla on,off] [--compare-before]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

from implementor_tf.data.portraits import load_portraits  # noqa: E402
from implementor_tf.face.config import FaceConfig  # noqa: E402
from implementor_tf.face.train import build_dcgan
from implementor_tf.precision import matmul_seconds  # noqa: E402

from face_quality import BEFORE  # noqa: E402  (the face defaults before the recipe comparison)
MATMUL_SIZE = 2048
XLA_CHOICES = {"default": None, "on": True, "off": False}  # None: FaceConfig decides (on a GPU only).


def peak_flops(dtype: str) -> float:
    return 2 * MATMUL_SIZE**3 / matmul_seconds(dtype, size=MATMUL_SIZE, repeats=10)


def step_flops(config: FaceConfig) -> int:
    """Floating-point operations of one training step (precision does not change the count)."""
    gan = build_dcgan(dataclasses.replace(config, jit_compile=False, precision="float32"))
    spec = tf.TensorSpec((config.batch_size, config.image_size, config.image_size, 3), tf.float32)
    graph = tf.function(gan.train_step).get_concrete_function(spec).graph
    options = tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()
    options["output"] = "none"
    return tf.compat.v1.profiler.profile(graph, options=options).total_float_ops


def images_per_second(config: FaceConfig, steps: int) -> float:
    gan = build_dcgan(config)
    data = load_portraits("synthetic", config.image_size, n=256).batches(config.batch_size, seed=0, repeat=True)
    gan.fit(data, epochs=1, steps_per_epoch=5, verbose=0)  # Traces and compiles the step.
    start = time.perf_counter()
    gan.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)
    return steps * config.batch_size / (time.perf_counter() - start)


def measure(label: str, config: FaceConfig, steps: int, peaks: dict) -> dict:
    flops = step_flops(config)
    throughput = images_per_second(config, steps)
    achieved = flops / config.batch_size * throughput
    dtype = "bfloat16" if config.precision == "mixed_bfloat16" else "float32"
    row = {
        "label": label,
        "images_per_second": throughput,
        "gflop_per_step": flops / 1e9,
        "gflops": achieved / 1e9,
        "share_of_fp32_peak": achieved / peaks["float32"],
        "share_of_own_peak": achieved / peaks[dtype],
    }
    print(
        f"{label:34} {throughput:8.1f} {flops / 1e9:10.2f} {achieved / 1e9:9.1f} "
        f"{100 * row['share_of_fp32_peak']:9.1f} % {100 * row['share_of_own_peak']:9.1f} %",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="32,64,128")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--precisions", default="float32,mixed_bfloat16")
    parser.add_argument("--xla", default="default", help="comma-separated, from default, on, off: 'on,off' measures XLA against oneDNN side by side")
    parser.add_argument("--compare-before", action="store_true", help="also measure the defaults before the recipe comparison at 64 px")
    args = parser.parse_args()
    unknown = sorted(set(args.xla.split(",")) - set(XLA_CHOICES))
    if unknown:
        parser.error(f"--xla: unknown {unknown}; choose from {', '.join(XLA_CHOICES)}")

    peaks = {dtype: peak_flops(dtype) for dtype in ("float32", "bfloat16")}
    print(f"CPU threads: {os.cpu_count()}; matmul peak {MATMUL_SIZE}x{MATMUL_SIZE}: float32 {peaks['float32'] / 1e9:.1f} GFLOP/s, bfloat16 {peaks['bfloat16'] / 1e9:.1f} GFLOP/s")
    print(f"\n{'config':34} {'img/s':>8} {'GFLOP/step':>10} {'GFLOP/s':>9} {'of fp32 peak':>11} {'of own peak':>11}")
    rows = []
    for size in (int(text) for text in args.sizes.split(",")):
        for precision in args.precisions.split(","):
            for xla in args.xla.split(","):
                config = FaceConfig(image_size=size, precision=precision, jit_compile=XLA_CHOICES[xla]).resolved()
                rows.append(measure(f"{size} px, {precision}, XLA {'on' if config.jit_compile else 'off'}", config, args.steps, peaks))
    if args.compare_before:
        before = dataclasses.replace(FaceConfig(), **BEFORE)
        now = FaceConfig().resolved()
        old = measure("64 px, defaults before (XLA, fp32)", before, args.steps, peaks)
        new = measure(f"64 px, defaults now ({now.precision})", now, args.steps, peaks)
        print(f"\nspeed-up of today's 64 px defaults over the earlier ones: {new['images_per_second'] / old['images_per_second']:.2f}x images/s")
    default = FaceConfig().resolved()
    row = next((row for row in rows if row["label"].startswith(f"{default.image_size} px, {default.precision}")), None)
    if row:
        print(f"default budget ({FaceConfig.kimg:g} kimg at {default.image_size} px, {default.precision}) takes about {FaceConfig.kimg * 1000 / row['images_per_second'] / 60:.1f} min of training here")


if __name__ == "__main__":
    main()
