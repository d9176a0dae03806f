"""Samplers for CV generation, with a guard against degenerate repetition.

Small language models, greedy decoding above all, fall into loops ("Python,
Python, Python, ..."). KerasHub's samplers have no repetition control, so
``NoRepeatNGram`` wraps any of them: before each token is chosen it bans every
token that would complete an n-gram already present in the text (the rule of
Paulus et al., 2018, "A Deep Reinforced Model for Abstractive Summarization").
The wrapped sampler then picks from what is left, exactly as before.

Example:

>>> sampler = make_sampler("top_k", top_k=5, seed=1)
>>> type(sampler.sampler).__name__
'TopKSampler'
"""

from __future__ import annotations

import keras_hub
import tensorflow as tf

from implementor_tf.cv.config import SamplerSettings

BANNED_LOGIT = -1e9


def banned_by_ngrams(prompt, index, ngram_size: int, vocabulary_size: int):
    """Boolean ``(batch, vocabulary)``: tokens that would repeat an n-gram at ``index``.

    Args:
        prompt: int tensor ``(batch, length)``; positions before ``index`` are known.
        index: int scalar. The position about to be filled.
        ngram_size: int. Length of the n-grams that may not repeat.
        vocabulary_size: int.
    """
    context = ngram_size - 1
    batch, length = tf.shape(prompt)[0], tf.shape(prompt)[1]
    index = tf.cast(index, tf.int32)
    start = tf.maximum(index - context, 0)
    tail = tf.slice(prompt, [0, start], [batch, context])  # The last n-1 known tokens.
    # matches[b, j]: the n-1 tokens starting at j equal the tail.
    matches = tf.ones((batch, length), tf.bool)
    for offset in range(context):
        shifted = tf.roll(prompt, shift=-offset, axis=1)
        matches &= tf.equal(shifted, tail[:, offset : offset + 1])
    # Only n-grams lying wholly in the known text count; none before n-1 tokens exist.
    positions = tf.range(length)[None, :]
    matches &= (positions + context < index) & (index >= context)
    followers = tf.roll(prompt, shift=-context, axis=1)  # The token after each (n-1)-gram.
    rows = tf.broadcast_to(tf.range(batch)[:, None], (batch, length))
    indices = tf.reshape(tf.stack([rows, tf.cast(followers, tf.int32)], axis=-1), (-1, 2))
    counts = tf.scatter_nd(indices, tf.reshape(tf.cast(matches, tf.int32), (-1,)), (batch, vocabulary_size))
    return counts > 0


class NoRepeatNGram(keras_hub.samplers.Sampler):
    """Wraps a KerasHub sampler so that no n-gram is generated twice.

    Args:
        sampler: keras_hub.samplers.Sampler. The sampler that picks tokens.
        ngram_size: int. Length of n-grams that may not repeat; 0 turns the
            guard off.
    """

    def __init__(self, sampler, ngram_size: int = 8):
        super().__init__(temperature=sampler.temperature)
        self.sampler = sampler
        self.ngram_size = ngram_size

    @property
    def variables(self):
        return self.sampler.variables

    def __call__(self, next, prompt, cache=None, index=0, mask=None, stop_token_ids=None, hidden_states=None, model=None, **kwargs):
        if self.ngram_size < 2:
            guarded = next
        else:

            def guarded(prompt, cache, index):
                logits, hidden, cache = next(prompt, cache, index)
                banned = banned_by_ngrams(prompt, index, self.ngram_size, tf.shape(logits)[-1])
                return tf.where(banned, tf.cast(BANNED_LOGIT, logits.dtype), logits), hidden, cache

        return self.sampler(
            guarded,
            prompt,
            cache=cache,
            index=index,
            mask=mask,
            stop_token_ids=stop_token_ids,
            hidden_states=hidden_states,
            model=model,
            **kwargs,
        )

    def reseed(self, seed: int) -> None:
        """Restarts the random stream, so the same seed gives the same text on every call."""
        generator = getattr(self.sampler, "seed_generator", None)
        if generator is not None:
            generator.state.assign(tf.constant([seed, 0], dtype=generator.state.dtype))

    def get_config(self):
        return {"sampler": keras_hub.samplers.serialize(self.sampler), "ngram_size": self.ngram_size}


def make_sampler(name: str | None = None, seed: int = 0, **settings) -> NoRepeatNGram:
    """A KerasHub sampler by name, wrapped in the repetition guard.

    Args:
        name: str or None. ``"greedy"``, ``"top_k"``, ``"top_p"`` or ``"beam"``
            (None: the default of ``SamplerSettings``).
        seed: int. Seed of the random samplers.
        **settings: other fields of ``SamplerSettings`` (temperature, top_k,
            top_p, num_beams, no_repeat_ngram).
    """
    if name is not None:
        settings["sampler"] = name
    chosen = SamplerSettings(**settings)
    name, temperature = chosen.sampler, chosen.temperature
    if name == "greedy":
        sampler = keras_hub.samplers.GreedySampler(temperature=temperature)
    elif name == "top_k":
        sampler = keras_hub.samplers.TopKSampler(k=chosen.top_k, seed=seed, temperature=temperature)
    elif name == "top_p":
        sampler = keras_hub.samplers.TopPSampler(p=chosen.top_p, seed=seed, temperature=temperature)
    else:
        sampler = keras_hub.samplers.BeamSampler(num_beams=chosen.num_beams, temperature=temperature)
    return NoRepeatNGram(sampler, chosen.no_repeat_ngram)
