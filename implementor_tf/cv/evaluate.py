"""Measuring a CV run, as ``implementor cv eval`` prints it.

- validation perplexity on the run's held-out CVs (KerasHub's ``Perplexity``);
- validity: the share of generated CVs that ``parse_cv`` finds complete, and
  the most common problems of the others;
- distinct-1 and distinct-2 of the generated CVs, beside the same for as many
  held-out real CVs (the level a model should reach);
- novelty against the training CVs (``implementor_tf.metrics.text.novelty``);
- the fact check (``implementor_tf.metrics.cv_facts``): the share of generated
  CVs that keep each of their own facts, beside held-out real CVs;
- name copying, teacher-forced: the probability the model gives a held-out
  CV's own first name where its profile first names the person, beside
  chance (one over the corpus's first names). It shows whether the model has
  learnt to copy the name at all, which sampling hides until it is learnt.

Example:

>>> result = evaluate_cv_run("runs/cv", n=100)   # doctest: +SKIP
>>> result["validity"], result["novelty"]["novel_share"]   # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from collections import Counter

import keras_hub
import numpy as np

from implementor_tf.cv.config import CV_RUN
from implementor_tf.cv.format import PROMPT, cv_problems
from implementor_tf.cv.generate import CVWriter
from implementor_tf.cv.packing import pack_documents, split_windows, windows_to_dataset
from implementor_tf.data.cv_corpus import load_cv_corpus
from implementor_tf.metrics.cv_facts import fact_report, first_profile_mention, format_fact_table
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


def name_copy_probability(lm, texts: list[str], batch_size: int = 32) -> float | None:
    """Mean probability ``lm`` gives each CV's own first name where its profile first names the person.

    Teacher-forced: the model reads the real CV up to that point
    (``first_profile_mention``) and is asked for the name's first token. A
    model that has not learnt to copy the ``Name:`` line gives about one over
    the number of first names; one that copies, close to 1. None when no text
    names its person in its profile.
    """
    tokenizer = lm.preprocessor.tokenizer
    contexts, targets = [], []
    for text in texts:
        offset = first_profile_mention(text)
        if offset is None:
            continue
        name_end = offset + re.match(r"\w+", text[offset:]).end()
        before = [tokenizer.start_token_id, *np.asarray(tokenizer(text[:offset])).tolist()]
        upto = [tokenizer.start_token_id, *np.asarray(tokenizer(text[:name_end])).tolist()]
        shared = next((i for i, (a, b) in enumerate(zip(before, upto)) if a != b), len(before))
        contexts.append(upto[:shared])  # A space before the name merges into its token: "Ada" is " Ada".
        targets.append(upto[shared])
    if not contexts:
        return None
    probabilities = []
    for start in range(0, len(contexts), batch_size):
        chunk = contexts[start : start + batch_size]
        lengths = np.array([len(ids) for ids in chunk])
        token_ids = np.zeros((len(chunk), lengths.max()), dtype="int32")
        for row, ids in enumerate(chunk):
            token_ids[row, : len(ids)] = ids
        padding_mask = np.arange(lengths.max())[None, :] < lengths[:, None]
        logits = lm({"token_ids": token_ids, "padding_mask": padding_mask}, training=False)
        last = np.asarray(logits, dtype="float32")[np.arange(len(chunk)), lengths - 1]
        last = np.exp(last - last.max(axis=1, keepdims=True))
        probabilities += list(last[np.arange(len(chunk)), targets[start : start + batch_size]] / last.sum(axis=1))
    return float(np.mean(probabilities))


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
    facts = fact_report(texts, corpus.validation, corpus.train)
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
        "facts": facts,
        "name_copy": {
            "probability": name_copy_probability(writer.lm, reference),
            "chance": 1 / facts["first_names"] if facts["first_names"] else None,
        },
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
    copy = result["name_copy"]
    if copy["probability"] is not None:
        lines.append(
            f"{'name copied':24} p = {copy['probability']:.2f} for the held-out CVs' own first name in their profile "
            f"(teacher-forced; chance {copy['chance']:.2f}, copying 1)"
        )
    if worst:
        lines.append(f"{'worst overlap':24} {worst['overlap']:.0%}; the generated CV and its closest training CV:")
        lines.append(json.dumps({"generated": worst["generated"], "training": worst["training"]}, ensure_ascii=False, indent=2))
    return "\n".join(lines)
