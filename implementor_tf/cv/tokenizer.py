"""A byte-level BPE vocabulary trained on the CVs, as a KerasHub GPT-2 tokenizer.

The pretrained GPT-2 presets bring their own 50,257-token vocabulary. The
offline tiny model learns one from the corpus instead: the ``tokenizers``
package trains byte-level BPE (the GPT-2 scheme: every byte is a symbol, so
æ, ø, å or any other text always encodes) in a second, and the vocabulary and
merges are handed to ``keras_hub.models.GPT2Tokenizer``.

One detail matters: KerasHub's GPT-2 tokenizer uses id 0 for padding, and
``generate()`` treats padding as "prompt", so ``<|endoftext|>`` must not be id
0 or generation returns the prompt unchanged. A ``<|pad|>`` token takes id 0.

Example:

>>> tokenizer = train_tokenizer(["Name: Åse Møller", "Name: Jürgen Weiß"] * 20, vocabulary_size=300)
>>> tokenizer.detokenize(tokenizer("Name: Åse")) == "Name: Åse"
True
>>> tokenizer.token_to_id("<|endoftext|>") != 0
True
"""

from __future__ import annotations

import json

import keras_hub
import tokenizers

PAD_TOKEN = "<|pad|>"
END_TOKEN = "<|endoftext|>"


def train_tokenizer(texts: list[str], vocabulary_size: int = 4096, min_frequency: int = 2) -> keras_hub.models.GPT2Tokenizer:
    """Trains byte-level BPE on ``texts`` and returns a KerasHub GPT-2 tokenizer.

    Args:
        texts: list of str. The training CVs.
        vocabulary_size: int. Target size, including the 256 byte symbols and
            the two special tokens.
        min_frequency: int. A merge must occur this often to be learnt.

    Returns:
        A ``keras_hub.models.GPT2Tokenizer`` with ``<|pad|>`` at id 0 and
        ``<|endoftext|>`` at id 1.
    """
    bpe = tokenizers.ByteLevelBPETokenizer()
    bpe.train_from_iterator(
        texts,
        vocab_size=vocabulary_size,
        min_frequency=min_frequency,
        special_tokens=[PAD_TOKEN, END_TOKEN],
        show_progress=False,
    )
    model = json.loads(bpe.to_str())["model"]
    merges = [merge if isinstance(merge, str) else " ".join(merge) for merge in model["merges"]]
    return keras_hub.models.GPT2Tokenizer(vocabulary=model["vocab"], merges=merges)
