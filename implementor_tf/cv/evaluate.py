"""Measuring a CV run, as ``implementor cv eval`` prints it.

- validation perplexity on the run's held-out CVs (KerasHub's ``Perplexity``);
- validity: the share of generated CVs that ``parse_cv`` finds complete, and
  the most common problems of the others;
- distinct-1 and distinct-2 of the generated CVs, beside the same for as many
  held-out real CVs (the level a model should reach);
- novelty against the training CVs (``implementor_tf.metrics.text.novelty``);
- the fact check (``implementor_tf.metrics.cv_facts``): the share of generated
  CVs that keep each of their own facts, beside held-out real CVs.

Example:

>>> result = evaluate_cv_run("runs/cv", n=100)   # doctest: +SKIP
>>> result["validity"], result["novelty"]["novel_share"]   # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections import Counter

import keras_hub

from implementor_tf.cv.config import CV_RUN
from implementor_tf.cv.format import PROMPT, cv_problems
from implementor_tf.cv.generate import CVWriter
from implementor_tf.cv.packing import pack_documents, split_windows, windows_to_dataset
from implementor_tf.data.cv_corpus import load_cv_corpus
from implementor_tf.metrics.cv_facts import fact_report, format_fact_table
from implementor_tf.metrics.text import distinct_n, novelty
from implementor_tf.run_folder import RunFolder


def validation_perplexity(lm, texts: list[str], sequence_length: int, batch_size: int = 16) -> float:
    """Perplexity of ``lm`` on ``texts``, packed as in training (padding not counted)."""
    windows = pack_documents(lm.preprocessor.tokenizer, texts, sequence_length, pad_remainder=True)
    perplexity = keras_hub.metrics.Perplexity(from_logits=True)
    for batch in windows_to_dataset(windows, batch_size):
        features, labels, weights = split_windows(batch)
        perplexity.update_state(labels, lm(features, training=False), sample_weight=weights)
    return float(perplexity.result())


def evaluate_cv_run(run_dir, n: int = 100, seed: int = 0, prompt: str = PROMPT, batch: int = 50, say=print) -> dict:
    """Generates ``n`` CVs with a run's best model and measures them.

    Args:
        run_dir: str or Path. A folder written by ``train_cv``.
        n: int. CVs to generate (top-p sampling, as ``cv generate``).
        seed: int. Same seed, same CVs, same figures.
        prompt: str. The start of every CV.
        batch: int. CVs generated per call.
        say: function that prints progress messages, or None for silence.
    """
    say = say or (lambda *args: None)
    run = RunFolder(run_dir, CV_RUN)
    run_dir = run.path
    config = run.settings()
    corpus = load_cv_corpus(config.corpus, n=config.n_cvs, seed=config.seed, validation_fraction=config.validation_fraction)
    writer = CVWriter.from_run(run_dir)
    say(f"Corpus: {corpus.description}; measuring perplexity on {len(corpus.validation):,} held-out CVs")
    perplexity = validation_perplexity(writer.lm, corpus.validation, config.sequence_length, config.batch_size)
    say(f"Generating {n} CVs...")
    texts = []
    for start in range(0, n, batch):
        texts += writer.generate(prompt, n=min(batch, n - start), seed=seed + start)
    reference = corpus.validation[:n]
    problems = [cv_problems(text) for text in texts]
    kinds = Counter(problem.split(":")[0] for found in problems for problem in found)
    return {
        "run": str(run_dir),
        "corpus": corpus.description,
        "n": n,
        "validation_perplexity": round(perplexity, 3),
        "validity": round(sum(not found for found in problems) / n, 4),
        "problems": dict(kinds.most_common(5)),
        "distinct_1": distinct_n(texts, 1),
        "distinct_2": distinct_n(texts, 2),
        "real_distinct_1": distinct_n(reference, 1),
        "real_distinct_2": distinct_n(reference, 2),
        "novelty": novelty(texts, corpus.train),
        "facts": fact_report(texts, corpus.validation, corpus.train),
    }


def format_table(result: dict) -> str:
    """A readable summary of ``evaluate_cv_run``'s result."""
    nov = result["novelty"]
    worst = nov["worst"]
    lines = [
        f"{'validation perplexity':24} {result['validation_perplexity']:.2f}",
        f"{'valid CVs':24} {result['validity']:.0%} of {result['n']}"
        + "".join(f"; {count} x {kind}" for kind, count in result["problems"].items()),
        f"{'distinct-1 / distinct-2':24} {result['distinct_1']:.3f} / {result['distinct_2']:.3f}"
        f"  (held-out real CVs: {result['real_distinct_1']:.3f} / {result['real_distinct_2']:.3f})",
        f"{'novel CVs':24} {nov['novel_share']:.0%}  (largest {nov['ngram']}-gram overlap with one training CV below {nov['threshold']:.0%})",
    ]
    lines += ["", "Facts kept (share of CVs; real: the held-out CVs)", format_fact_table(result["facts"])]
    if worst:
        lines.append(f"{'worst overlap':24} {worst['overlap']:.0%}; the generated CV and its closest training CV:")
        lines.append(json.dumps({"generated": worst["generated"], "training": worst["training"]}, ensure_ascii=False, indent=2))
    return "\n".join(lines)
