"""A byte-level BPE vocabulary trained on the CVs, as a KerasHub GPT-2 tokenizer.

The pretrained GPT-2 presets bring their own 50,257-token vocabulary. The
offline tiny model learns one from the corpus instead: the ``tokenizers``
package trains byte-level BPE (the GPT-2 scheme: every byte is a symbol, so
æ, ø, å or any other text always encodes) in a second, and the vocabulary and
merges are handed to ``keras_hub.models.GPT2Tokenizer``.

Two details matter:

- KerasHub's GPT-2 tokenizer uses id 0 for padding, and ``generate()``
  treats padding as "prompt", so ``<|endoftext|>`` must not be id 0 or
  generation returns the prompt unchanged. A ``<|pad|>`` token takes id 0.
- GPT-2's byte-level BPE glues a word to the space before it: "Name: Bjørn"
  gives the token " Bjørn", while the profile line "Bjørn has worked ..."
  gives "Bjørn", a different token, so copying a name (or noticing that a
  skill is listed already) means learning a table between the two forms.
  ``split_capitalised=True`` never merges a capitalised word with its space,
  so "Bjørn" is one token wherever it stands, at 17 % more tokens per CV.
  Measured on the default run it did not help (README, "The fact check"),
  so it is off by default.

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


def train_tokenizer(
    texts: list[str], vocabulary_size: int = 4096, min_frequency: int = 2, split_capitalised: bool = False
) -> keras_hub.models.GPT2Tokenizer:
    """Trains byte-level BPE on ``texts`` and returns a KerasHub GPT-2 tokenizer.

    Args:
        texts: list of str. The training CVs.
        vocabulary_size: int. Target size, including the 256 byte symbols and
            the two special tokens.
        min_frequency: int. A merge must occur this often to be learnt.
        split_capitalised: bool. Keep a capitalised word apart from the space
            before it, so that a name is the same token at the start of a
            line and after a space (see above).

    Returns:
        A ``keras_hub.models.GPT2Tokenizer`` with ``<|pad|>`` at id 0 and
        ``<|endoftext|>`` at id 1.
    """
    bpe = tokenizers.ByteLevelBPETokenizer()
    if split_capitalised:  # Learn "Bjørn", never " Bjørn": the space before a capital stays a piece of its own.
        bpe.pre_tokenizer = tokenizers.pre_tokenizers.Sequence(
            [
                tokenizers.pre_tokenizers.Split(tokenizers.Regex(r" (?=\p{Lu})"), behavior="isolated"),
                tokenizers.pre_tokenizers.ByteLevel(add_prefix_space=False),
            ]
        )
    bpe.train_from_iterator(
        texts,
        vocab_size=vocabulary_size,
        min_frequency=min_frequency,
        special_tokens=[PAD_TOKEN, END_TOKEN],
        show_progress=False,
    )
    model = json.loads(bpe.to_str())["model"]
    merges = [merge if isinstance(merge, str) else " ".join(merge) for merge in model["merges"]]
    if not merges:
        raise ValueError(
            f"the training CVs are too few to learn a vocabulary from ({len(texts)} CV(s): no pair of symbols "
            f"occurs {min_frequency} times); add CVs"
        )
    return keras_hub.models.GPT2Tokenizer(vocabulary=model["vocab"], merges=merges)
