"""The CV: GPT-2 (KerasHub) trained or fine-tuned on consultant CVs.

>>> from implementor_tf.cv import parse_cv
>>> parse_cv("Name: Ada\\nTitle: Consultant").header["Title"]
'Consultant'
"""

from implementor_tf.cv.generate import CVWriter
from implementor_tf.cv.model import ModelLoadError, build_tiny_lm, load_pretrained_lm
from implementor_tf.cv.parse import ParsedCV, cv_problems, is_valid_cv, parse_cv
from implementor_tf.cv.sampling import NoRepeatNGram, make_sampler
from implementor_tf.cv.tokenizer import train_tokenizer
from implementor_tf.cv.train import CVConfig, CVRun, train_cv

__all__ = [
    "CVConfig",
    "CVRun",
    "CVWriter",
    "ModelLoadError",
    "NoRepeatNGram",
    "ParsedCV",
    "build_tiny_lm",
    "cv_problems",
    "is_valid_cv",
    "load_pretrained_lm",
    "make_sampler",
    "parse_cv",
    "train_cv",
    "train_tokenizer",
]
