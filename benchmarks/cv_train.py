"""CV model speed, side by side: the settings before against today's defaults.

For each variant (``VARIANTS``: ``CVConfig`` overrides; ``before`` is the
tiny GPT-2 as it trained before this benchmark: float32, dropout 0.1, 16
sequences a step, no XLA), prints:

- training tokens per second through ``fit`` (packed sequences: every token
  is a CV token), the best of ``--rounds`` timed epochs after a warm-up that
  compiles; the variants take turns, so a busy moment on a shared machine
  slows one timing rather than one variant;
- floating-point operations of one training step, counted by TensorFlow's
  graph profiler on the step's float32 graph (not estimated by hand);
- achieved GFLOP/s, and its ratio to a matrix-product peak measured in the
  same run (2048 x 2048, best of 10), in float32 and in the variant's own
  precision;
- generation tokens per second from the bare prompt ``Name:``, for the first
  call (which traces and compiles the generate function) and a warm one.

Usage:

    python benchmarks/cv_train.py [--tokens 100000] [--rounds 3] [--n 8] [--variants before,defaults]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from implementor_tf.cv.generate import CVWriter  # noqa: E402
from implementor_tf.cv.config import CVConfig  # noqa: E402
from implementor_tf.cv.train import build_lm, compile_for_training
from implementor_tf.cv.packing import PackedCVPreprocessor, pack_documents, windows_to_dataset
from implementor_tf.data.synthetic_cvs import generate_cvs  # noqa: E402
from implementor_tf.precision import matmul_seconds  # noqa: E402

BEFORE = {"precision": "float32", "dropout": 0.1, "batch_size": 16, "jit_compile": False}
"""The tiny GPT-2's training settings before this benchmark."""
VARIANTS = {
    "before": BEFORE,
    "xla": {**BEFORE, "jit_compile": True},
    "bf16": {**BEFORE, "precision": "mixed_bfloat16"},
    "no-dropout": {**BEFORE, "dropout": 0.0},
    "batch64": {**BEFORE, "batch_size": 64},
    "no-dropout-bf16": {**BEFORE, "dropout": 0.0, "precision": "mixed_bfloat16"},
    "no-dropout-xla": {**BEFORE, "dropout": 0.0, "jit_compile": True},
    "defaults": {},
    "two-layers": {"num_layers": 2},  # The defaults with half the transformer layers (README: faster, not more robust).
}
MATMUL_SIZE = 2048


def peak_gflops(dtype: str) -> float:
    return 2 * MATMUL_SIZE**3 / matmul_seconds(dtype, size=MATMUL_SIZE, repeats=10) / 1e9


def step_flops(lm, batch_size: int, sequence_length: int) -> int:
    """Floating-point operations of one training step of ``lm`` (a compiled, float32 model)."""
    spec = tf.TensorSpec((batch_size, sequence_length), tf.int32)
    features = {"token_ids": spec, "padding_mask": tf.TensorSpec((batch_size, sequence_length), tf.bool)}
    weights = tf.TensorSpec((batch_size, sequence_length), tf.float32)
    graph = tf.function(lm.train_step).get_concrete_function((features, spec, weights)).graph
    options = tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()
    options["output"] = "none"
    return tf.compat.v1.profiler.profile(graph, options=options).total_float_ops


def build(config: CVConfig, texts: list[str]):
    with tempfile.TemporaryDirectory() as folder:
        lm = build_lm(config, texts, Path(folder), resume=False)
    lm.preprocessor = PackedCVPreprocessor.like(lm.preprocessor)  # As in train_cv.
    windows = pack_documents(lm.preprocessor.tokenizer, texts, config.sequence_length)
    compile_for_training(lm, config, steps_per_epoch=len(windows) // config.batch_size)
    return lm, windows


class TimedTraining:
    """One variant's model and data, ready for timed epochs of ``fit``."""

    def __init__(self, config: CVConfig, texts: list[str]):
        self.config = config
        self.lm, windows = build(config, texts)
        self.data = windows_to_dataset(windows, config.batch_size).repeat()
        self.best = 0.0
        self.lm.fit(self.data, steps_per_epoch=3, epochs=1, verbose=0)  # Traces and compiles.

    def time_epoch(self, tokens: int) -> None:
        """Trains on about ``tokens`` tokens and keeps the best rate seen."""
        steps = max(2, round(tokens / (self.config.batch_size * self.config.sequence_length)))
        start = time.perf_counter()
        self.lm.fit(self.data, steps_per_epoch=steps, epochs=1, verbose=0)
        rate = steps * self.config.batch_size * self.config.sequence_length / (time.perf_counter() - start)
        self.best = max(self.best, rate)

    def finished(self):
        return self.lm


def generation_tokens_per_second(lm, n: int) -> list[tuple[int, float]]:
    """``(new tokens, seconds)`` of a first and a warm call, each writing ``n`` CVs from ``Name:``."""
    writer = CVWriter(lm, sampler="top_p")
    tokenizer = lm.preprocessor.tokenizer
    prompt_tokens = len(np.asarray(tokenizer("Name:")))
    timings = []
    for seed in (0, 1):
        start = time.perf_counter()
        cvs = writer.generate("Name:", n=n, seed=seed)
        elapsed = time.perf_counter() - start
        timings.append((sum(len(np.asarray(tokenizer(cv))) - prompt_tokens for cv in cvs), elapsed))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=100_000, help="training tokens per timed epoch")
    parser.add_argument("--rounds", type=int, default=3, help="timed epochs per variant, taken in turns")
    parser.add_argument("--n", type=int, default=8, help="CVs generated per call")
    parser.add_argument("--variants", default="before,defaults", help=f"comma-separated, from {', '.join(VARIANTS)}")
    args = parser.parse_args()

    peaks = {"float32": peak_gflops("float32"), "bfloat16": peak_gflops("bfloat16")}
    print(f"matmul peak, {MATMUL_SIZE}x{MATMUL_SIZE}, this run: float32 {peaks['float32']:.0f} GFLOP/s, bfloat16 {peaks['bfloat16']:.0f} GFLOP/s")
    texts = generate_cvs(CVConfig().n_cvs, seed=0)
    names = args.variants.split(",")
    configs = {name: dataclasses.replace(CVConfig(), **VARIANTS[name]).resolved() for name in names}
    flops = {}
    for name, config in configs.items():
        flop_model, _ = build(dataclasses.replace(config, precision="float32", jit_compile=False), texts)
        flops[name] = step_flops(flop_model, config.batch_size, config.sequence_length)
    runs = {name: TimedTraining(config, texts) for name, config in configs.items()}
    for _ in range(args.rounds):  # Round-robin, best of the rounds: a busy moment on a shared machine hits one timing, not one variant.
        for run in runs.values():
            run.time_epoch(args.tokens)
    rows = []
    for name, run in runs.items():
        config = run.config
        tokens_per_second = run.best
        gflops = flops[name] * tokens_per_second / (config.batch_size * config.sequence_length) / 1e9
        own_peak = peaks["bfloat16" if "bfloat16" in config.precision else "float32"]
        first, warm = generation_tokens_per_second(run.finished(), args.n)
        rows.append((name, config, tokens_per_second, gflops, gflops / peaks["float32"], gflops / own_peak, first, warm))
        print(
            f"{name}: {config.precision}, dropout {config.dropout}, batch {config.batch_size}, XLA {config.jit_compile}: "
            f"{tokens_per_second:,.0f} tokens/s, {flops[name] / 1e9:.1f} GFLOP a step, {gflops:.0f} GFLOP/s "
            f"({gflops / peaks['float32']:.0%} of the float32 peak, {gflops / own_peak:.0%} of its own precision's); "
            f"generating {args.n} CVs: first call {first[0] / first[1]:.0f} tokens/s ({first[1]:.1f} s), "
            f"warm {warm[0] / warm[1]:.0f} tokens/s ({warm[1]:.1f} s)",
            flush=True,
        )
    base = rows[0][2]
    print(f"\n| variant | precision | dropout | batch | XLA | tokens/s | × {rows[0][0]} | GFLOP/s | of fp32 peak | of own peak | generate first / warm (tokens/s) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, config, tps, gflops, of_fp32, of_own, first, warm in rows:
        print(
            f"| `{name}` | {config.precision} | {config.dropout} | {config.batch_size} | {'on' if config.jit_compile else 'off'} "
            f"| {tps:,.0f} | {tps / base:.2f} | {gflops:.0f} | {of_fp32:.0%} | {of_own:.0%} "
            f"| {first[0] / first[1]:.0f} / {warm[0] / warm[1]:.0f} |"
        )


if __name__ == "__main__":
    main()
