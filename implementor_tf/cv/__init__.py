"""The CV: GPT-2 (KerasHub) trained or fine-tuned on consultant CVs.

The names below load their module when first used, so importing the CV
format (``implementor_tf.cv.format``) does not load KerasHub.

>>> from implementor_tf.cv import parse_cv
>>> parse_cv("Name: Ada\\nTitle: Consultant").header["Title"]
'Consultant'
"""

from implementor_tf.lazy import lazy_exports

__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "CVConfig": "implementor_tf.cv.config",
        "CVRun": "implementor_tf.cv.train",
        "CVWriter": "implementor_tf.cv.generate",
        "ModelLoadError": "implementor_tf.cv.model",
        "NoRepeatNGram": "implementor_tf.cv.sampling",
        "ParsedCV": "implementor_tf.cv.format",
        "build_tiny_lm": "implementor_tf.cv.model",
        "cv_problems": "implementor_tf.cv.format",
        "format_cv": "implementor_tf.cv.format",
        "is_valid_cv": "implementor_tf.cv.format",
        "load_pretrained_lm": "implementor_tf.cv.model",
        "make_sampler": "implementor_tf.cv.sampling",
        "parse_cv": "implementor_tf.cv.format",
        "train_cv": "implementor_tf.cv.train",
        "train_tokenizer": "implementor_tf.cv.tokenizer",
        "SamplerSettings": "implementor_tf.cv.config",
    },
)
