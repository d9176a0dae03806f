"""Text metrics for generated CVs: distinct-n and novelty against the training CVs.

- ``distinct_n`` (Li et al., 2016): unique word n-grams over all word n-grams
  of a set of texts. A model that repeats itself scores low.
- ``novelty``: a language model trained on people's CVs must not hand one of
  them back. For each generated CV we find the training CV that shares the
  largest part of its word 8-grams (eight words in a row) and call that share
  its overlap: 1.0 for a copy, near 0 for new text. Shared phrases ("Languages:
  English (fluent)") are expected; whole shared paragraphs are not. A CV is
  novel when its overlap is below the threshold (0.5 by default: at least half
  of its 8-grams come from no single training CV). The worst case is returned
  with the training CV it resembles, so a person can look.

Example:

>>> training = ["Name: Ada Jensen Title: Data engineer at a bank in Oslo for ten years and more"]
>>> report = novelty(training + ["Name: Bo Berg Title: a wholly different text of some words"], training)
>>> report["overlap"]
[1.0, 0.0]
>>> report["novel_share"]
0.5
"""

from __future__ import annotations

from collections import Counter, defaultdict

NGRAM = 8
NOVELTY_THRESHOLD = 0.5


def words(text: str) -> list[str]:
    """The whitespace-separated words of ``text``, lower-cased."""
    return text.lower().split()


def ngrams(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def distinct_n(texts: list[str], n: int) -> float:
    """Unique word n-grams divided by all word n-grams of ``texts`` (0 when there are none).

    >>> distinct_n(["a b a b"], 2)  # "a b", "b a", "a b": two of three are unique.
    0.6667
    """
    grams = [gram for text in texts for gram in ngrams(words(text), n)]
    return round(len(set(grams)) / len(grams), 4) if grams else 0.0


def novelty(generated: list[str], training: list[str], n: int = NGRAM, threshold: float = NOVELTY_THRESHOLD) -> dict:
    """Each generated CV's largest n-gram overlap with a single training CV.

    Args:
        generated: list of str. Generated CVs.
        training: list of str. The CVs the model was trained on.
        n: int. Words per n-gram.
        threshold: float. A CV is novel when its overlap is below this.

    Returns:
        ``{"novel_share", "threshold", "ngram", "overlap": [per generated CV],
        "closest": [index of the training CV], "worst": {"overlap",
        "generated", "training"}}``.
    """
    if not training:
        raise ValueError("novelty needs the training CVs to compare with")
    holders = defaultdict(set)  # n-gram -> training CVs that contain it
    for index, text in enumerate(training):
        for gram in set(ngrams(words(text), n)):
            holders[gram].add(index)
    overlaps, closest = [], []
    for text in generated:
        grams = set(ngrams(words(text), n))
        shared = Counter(index for gram in grams for index in holders.get(gram, ()))
        index, count = shared.most_common(1)[0] if shared else (None, 0)
        overlaps.append(round(count / len(grams), 4) if grams else 0.0)
        closest.append(index)
    worst = max(range(len(generated)), key=overlaps.__getitem__) if generated else None
    return {
        "novel_share": round(sum(overlap < threshold for overlap in overlaps) / max(len(overlaps), 1), 4),
        "threshold": threshold,
        "ngram": n,
        "overlap": overlaps,
        "closest": closest,
        "worst": None
        if worst is None
        else {
            "overlap": overlaps[worst],
            "generated": generated[worst],
            "training": None if closest[worst] is None else training[closest[worst]],
        },
    }
