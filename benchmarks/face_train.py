"""Face training throughput, and how much of the CPU it uses.

Prints, for the default face model (64 px, 32 real + 32 generated per step):

- real images per second through ``fit`` (after a warm-up that compiles);
- floating-point operations of one training step, counted by TensorFlow's
  graph profiler (convolutions, their gradients, matrix products and
  element-wise ops);
- the CPU's measured peak, from a large float32 matrix product;
- the share of that peak the training step achieves.

Usage:

    python benchmarks/face_train.py [--steps 60] [--image-size 64] [--batch-size 32] [--no-jit]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

from implementor_tf.data.portraits import load_portraits  # noqa: E402
from implementor_tf.face.train import FaceConfig, build_dcgan  # noqa: E402


def peak_flops(size: int = 2048, repeats: int = 10) -> float:
    """Best float32 FLOP/s of a ``size`` x ``size`` matrix product."""
    a = tf.random.normal((size, size))
    b = tf.random.normal((size, size))
    product = tf.function(lambda: tf.reduce_sum(tf.matmul(a, b)))
    product()  # Warm-up.
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        product().numpy()
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best


def step_flops(config: FaceConfig) -> int:
    """Floating-point operations of one training step, from the graph profiler."""
    gan = build_dcgan(dataclasses.replace(config, jit_compile=False))
    spec = tf.TensorSpec((config.batch_size, config.image_size, config.image_size, 3), tf.float32)
    graph = tf.function(gan.train_step).get_concrete_function(spec).graph
    options = tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()
    options["output"] = "none"
    return tf.compat.v1.profiler.profile(graph, options=options).total_float_ops


def images_per_second(config: FaceConfig, steps: int) -> float:
    gan = build_dcgan(config)
    data = load_portraits("synthetic", config.image_size, n=1000).batches(config.batch_size, seed=0, repeat=True)
    gan.fit(data, epochs=1, steps_per_epoch=5, verbose=0)  # Compiles the step.
    start = time.perf_counter()
    gan.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)
    return steps * config.batch_size / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--no-jit", action="store_true", help="turn XLA compilation off")
    args = parser.parse_args()
    config = FaceConfig(image_size=args.image_size, batch_size=args.batch_size, jit_compile=not args.no_jit)

    peak = peak_flops()
    flops = step_flops(config)
    throughput = images_per_second(config, args.steps)
    achieved = flops / config.batch_size * throughput
    print(f"CPU threads visible to TensorFlow: {os.cpu_count()}")
    print(f"image size {config.image_size} px, batch {config.batch_size} real + {config.batch_size} generated, XLA {config.jit_compile}")
    print(f"training throughput:        {throughput:8.1f} real images/s")
    print(f"work per training step:     {flops / 1e9:8.2f} GFLOP ({flops / config.batch_size / 1e6:.0f} MFLOP per real image)")
    print(f"achieved:                   {achieved / 1e9:8.1f} GFLOP/s")
    print(f"measured peak (matmul):     {peak / 1e9:8.1f} GFLOP/s")
    print(f"share of peak:              {100 * achieved / peak:8.1f} %")
    print(f"default budget ({FaceConfig.kimg:.0f} kimg) would take {FaceConfig.kimg * 1000 / throughput / 60:.1f} min of training")


if __name__ == "__main__":
    main()
