import keras_hub
import numpy as np
import tensorflow as tf

from implementor_tf.cv.sampling import NoRepeatNGram, banned_by_ngrams, make_sampler


def test_banned_tokens_of_a_hand_made_prompt():
    # Text so far: 5 6 7 5 6 | next position 5. With n = 3 the 2-gram (5, 6) was followed by 7.
    prompt = tf.constant([[5, 6, 7, 5, 6, 0, 0, 0]])
    banned = banned_by_ngrams(prompt, 5, ngram_size=3, vocabulary_size=10).numpy()[0]
    assert banned.tolist() == [i == 7 for i in range(10)]
    # With n = 4 the 3-gram (7, 5, 6) never occurred before: nothing is banned.
    assert not banned_by_ngrams(prompt, 5, ngram_size=4, vocabulary_size=10).numpy().any()
    # Too early to repeat anything.
    assert not banned_by_ngrams(prompt, 1, ngram_size=3, vocabulary_size=10).numpy().any()


def _looping_next(vocabulary_size=6):
    """A fake model that always prefers to continue the cycle 1 2 3 1 2 3 ..."""

    def next(prompt, cache, index):
        previous = tf.gather(prompt, index - 1, axis=1)
        favourite = previous % 3 + 1
        logits = tf.one_hot(favourite, vocabulary_size) * 10.0 + tf.range(vocabulary_size, dtype=tf.float32) * 0.1
        return logits, None, cache

    return next


def _ngrams(sequence, n):
    return [tuple(sequence[i : i + n]) for i in range(len(sequence) - n + 1)]


def test_guard_stops_a_greedy_loop():
    prompt = tf.constant([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]])
    plain = keras_hub.samplers.GreedySampler()(_looping_next(), prompt, index=1).numpy()[0].tolist()
    guarded = NoRepeatNGram(keras_hub.samplers.GreedySampler(), ngram_size=3)(_looping_next(), prompt, index=1).numpy()[0].tolist()
    assert len(set(_ngrams(plain, 3))) < len(_ngrams(plain, 3))  # Unguarded: the loop repeats.
    assert len(set(_ngrams(guarded, 3))) == len(_ngrams(guarded, 3))  # Guarded: no 3-gram twice.
    assert guarded[:4] == [1, 2, 3, 1]


def test_reseed_restarts_the_random_stream():
    sampler = make_sampler("top_k", top_k=3, seed=0, no_repeat_ngram=0)
    prompt = tf.constant([[1] + [0] * 15])

    def uniform_next(prompt, cache, index):
        return tf.zeros((1, 6)), None, cache

    sampler.reseed(4)
    first = sampler(uniform_next, prompt, index=1).numpy()
    sampler.reseed(4)
    again = sampler(uniform_next, prompt, index=1).numpy()
    sampler.reseed(5)
    other = sampler(uniform_next, prompt, index=1).numpy()
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
