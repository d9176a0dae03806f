"""CV model speed: training tokens per second and generation tokens per second.

Trains the default tiny GPT-2 (4 layers, width 128, sequence 256, batch 16)
for a few steps on the synthetic CVs and reports useful training tokens per
second (packed sequences: no padding to exclude), then generates a batch of
CVs twice from the bare prompt ``Name:`` and reports generated tokens per
second for the first call (which traces and compiles the generate function)
and for the warm second call.

Usage:

    python benchmarks/cv_train.py [--steps 40] [--n 8]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from implementor_tf.cv.generate import CVWriter  # noqa: E402
from implementor_tf.cv.model import build_tiny_lm  # noqa: E402
from implementor_tf.cv.tokenizer import train_tokenizer  # noqa: E402
from implementor_tf.cv.train import CVConfig, pack_documents, windows_to_dataset  # noqa: E402
from implementor_tf.data.synthetic_cvs import generate_cvs  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40, help="timed training steps")
    parser.add_argument("--n", type=int, default=8, help="CVs generated per call")
    args = parser.parse_args()
    config = CVConfig()

    texts = generate_cvs(config.n_cvs, seed=0)
    tokenizer = train_tokenizer(texts, config.vocabulary_size)
    lm = build_tiny_lm(tokenizer, config.sequence_length, num_layers=config.num_layers, hidden_dim=config.hidden_dim,
                       num_heads=config.num_heads, intermediate_dim=4 * config.hidden_dim)
    preprocessor = lm.preprocessor
    lm.compile(optimizer=keras.optimizers.AdamW(1e-3))
    windows = pack_documents(tokenizer, texts, config.sequence_length)
    data = windows_to_dataset(windows, config.batch_size).repeat()
    lm.preprocessor = None  # Pre-packed data, as in train_cv.
    lm.fit(data, steps_per_epoch=args.steps, epochs=1, verbose=0)  # Traces and compiles.
    start = time.perf_counter()
    lm.fit(data, steps_per_epoch=args.steps, epochs=1, verbose=0)
    seconds = time.perf_counter() - start
    lm.preprocessor = preprocessor
    train_tokens = args.steps * config.batch_size * config.sequence_length

    writer = CVWriter(lm, sampler="top_p")
    timings = []
    for seed in (0, 1):
        start = time.perf_counter()
        cvs = writer.generate("Name:", n=args.n, seed=seed)
        elapsed = time.perf_counter() - start
        new_tokens = sum(len(np.asarray(tokenizer(cv))) - len(np.asarray(tokenizer("Name:"))) for cv in cvs)
        timings.append((new_tokens, elapsed))

    print(f"model: {lm.count_params():,} parameters, sequence {config.sequence_length}, batch {config.batch_size}")
    print(f"training:            {train_tokens / seconds:8.0f} tokens/s (every token is a CV token: packed, no padding)")
    for label, (tokens, elapsed) in zip(("generation, first", "generation, warm"), timings):
        print(f"{label + ':':20s} {tokens / elapsed:8.0f} tokens/s ({tokens} tokens for {args.n} CVs in {elapsed:.1f} s)")
    print(f"generate traced {writer.compiled_generate_traces()} time(s) for 2 calls")


if __name__ == "__main__":
    main()
