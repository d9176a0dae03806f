"""Packing CVs into training windows: every position a token, every window starting at a CV.

``pack_documents`` lays the tokenized CVs end to end and cuts windows that
start at CV starts; ``windows_to_dataset`` batches them; and the model's
preprocessor, a ``PackedCVPreprocessor``, turns each batch into inputs,
next-token labels and weights inside ``fit``.

Example:

>>> from implementor_tf.cv.tokenizer import train_tokenizer
>>> tokenizer = train_tokenizer(["Name: Ada Jensen\\nTitle: Consultant"] * 10, vocabulary_size=300)
>>> windows = pack_documents(tokenizer, ["Name: Ada Jensen\\nTitle: Consultant"] * 4, sequence_length=8)
>>> windows.shape[1], int(windows[0, 0]) == tokenizer.start_token_id
(9, True)
"""

from __future__ import annotations

import keras
import keras_hub
import numpy as np
import tensorflow as tf


def pack_documents(tokenizer, texts: list[str], sequence_length: int, pad_remainder: bool = False) -> np.ndarray:
    """Full-length token windows, each starting where a CV starts.

    The CVs are laid end to end as ``<start> CV <start> CV ... <end>`` (for
    GPT-2 both are ``<|endoftext|>``, so every CV is also ended by it). A window
    of ``sequence_length + 1`` tokens starts at every CV's start token (and
    every ``sequence_length`` tokens inside a CV longer than that) and runs on
    into the CVs that follow, so no position is spent on padding. Aligning
    windows with CV starts matters: GPT-2 learns absolute positions, and
    generation always puts the start token at position 0 and the CV's first
    words right after it, which windows at random offsets would seldom show.
    Windows that would run past the end are dropped, or (``pad_remainder``)
    padded with id 0, which the loss ignores.

    Returns:
        int32 array ``(windows, sequence_length + 1)``.
    """
    window = sequence_length + 1
    stream, starts = [], []
    for ids in tokenizer(texts):
        ids = np.asarray(ids).tolist()
        starts.extend(range(len(stream), len(stream) + len(ids) + 1, sequence_length))
        stream.append(tokenizer.start_token_id)
        stream.extend(ids)
    stream.append(tokenizer.end_token_id)
    windows = []
    for start in starts:
        tokens = stream[start : start + window]
        if len(tokens) < window:
            if not pad_remainder:
                continue
            tokens = tokens + [tokenizer.pad_token_id] * (window - len(tokens))
        windows.append(tokens)
    return np.asarray(windows, dtype=np.int32).reshape(len(windows), window)


def windows_to_dataset(windows: np.ndarray, batch_size: int, shuffle_seed: int | None = None) -> tf.data.Dataset:
    """Batches of packed windows, as ``fit`` takes them when the model's preprocessor is a ``PackedCVPreprocessor``."""
    dataset = tf.data.Dataset.from_tensor_slices(np.asarray(windows, np.int32))
    if shuffle_seed is not None:
        dataset = dataset.shuffle(len(windows), seed=shuffle_seed, reshuffle_each_iteration=True)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)


def split_windows(windows):
    """``(features, next tokens, weights)`` of packed windows: each token predicts the one after it.

    Padding (id 0, only at the end of the last validation windows) gets weight 0.
    """
    windows = tf.convert_to_tensor(windows)
    inputs, labels = windows[:, :-1], windows[:, 1:]
    features = {"token_ids": inputs, "padding_mask": tf.ones_like(inputs, dtype="bool")}
    return features, labels, tf.cast(tf.not_equal(labels, 0), "float32")


@keras.saving.register_keras_serializable(package="implementor_tf")
class PackedCVPreprocessor(keras_hub.models.GPT2CausalLMPreprocessor):
    """GPT-2's causal-LM preprocessor that also takes windows already packed by ``pack_documents``.

    Given integer windows ``(batch, sequence_length + 1)`` (what
    ``windows_to_dataset`` yields), ``fit`` gets inputs, next-token labels
    and weights straight from them; given text, it tokenizes as KerasHub's
    ``GPT2CausalLMPreprocessor`` does, and ``generate`` works unchanged. So
    the model keeps one preprocessor from training to generation.

    Example:

    >>> from implementor_tf.cv.tokenizer import train_tokenizer
    >>> tokenizer = train_tokenizer(["Name: Ada Jensen"] * 10, vocabulary_size=300)
    >>> preprocessor = PackedCVPreprocessor(tokenizer, sequence_length=8)
    >>> features, labels, weights = preprocessor(np.arange(1, 19).reshape(2, 9))
    >>> features["token_ids"].shape, labels[0, :3].numpy().tolist()
    (TensorShape([2, 8]), [2, 3, 4])
    """

    @classmethod
    def like(cls, preprocessor) -> PackedCVPreprocessor:
        """One with the tokenizer and sequence length of a ``GPT2CausalLMPreprocessor``."""
        return cls(preprocessor.tokenizer, sequence_length=preprocessor.sequence_length)

    def call(self, x, y=None, sample_weight=None, sequence_length=None):
        if not isinstance(x, (str, list, tuple, dict)) and tf.as_dtype(x.dtype).is_integer:
            return split_windows(x)
        return super().call(x, y=y, sample_weight=sample_weight, sequence_length=sequence_length)
