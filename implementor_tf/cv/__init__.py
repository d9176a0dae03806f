"""The CV: GPT-2 (KerasHub) trained or fine-tuned on consultant CVs.

The names below load their module when first used, so importing the CV
format (``implementor_tf.cv.format``) does not load KerasHub.

>>> from implementor_tf.cv import parse_cv
>>> parse_cv("Name: Ada\\nTitle: Consultant").header["Title"]
'Consultant'
"""

import importlib

_HOMES = {
    "CVConfig": "config",
    "CVRun": "train",
    "CVWriter": "generate",
    "ModelLoadError": "model",
    "NoRepeatNGram": "sampling",
    "ParsedCV": "format",
    "build_tiny_lm": "model",
    "cv_problems": "format",
    "format_cv": "format",
    "is_valid_cv": "format",
    "load_pretrained_lm": "model",
    "make_sampler": "sampling",
    "parse_cv": "format",
    "train_cv": "train",
    "train_tokenizer": "tokenizer",
}
__all__ = sorted(_HOMES)


def __getattr__(name):
    if name not in _HOMES:
        raise AttributeError(f"module 'implementor_tf.cv' has no attribute {name!r}")
    return getattr(importlib.import_module(f"implementor_tf.cv.{_HOMES[name]}"), name)
