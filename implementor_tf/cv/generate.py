"""Writing CVs with a trained run.

``CVWriter`` loads ``RUN_DIR/preset`` once, sets up the sampler once, and then
reuses KerasHub's compiled generate function for every call: only the first
call pays for tracing and compiling it. Each call restarts the sampler's
random stream from the seed, so the same seed always gives the same CVs.

Example:

>>> writer = CVWriter.from_run("runs/cv")                     # doctest: +SKIP
>>> print(writer.generate("Name: Ada Jensen\\nTitle:", n=1)[0])  # doctest: +SKIP
"""

from __future__ import annotations

import keras_hub
import numpy as np

from implementor_tf.cv.config import CV_RUN
from implementor_tf.cv.format import PROMPT
from implementor_tf.cv.sampling import make_sampler
from implementor_tf.run_folder import RunFolder


class CVWriter:
    """Generates CVs from a ``GPT2CausalLM``.

    Args:
        lm: keras_hub.models.GPT2CausalLM with its preprocessor.
        **sampler_settings: fields of ``SamplerSettings`` (sampler,
            temperature, top_k, top_p, num_beams, no_repeat_ngram); the
            others keep their defaults.
    """

    def __init__(self, lm, **sampler_settings):
        self.lm = lm
        self.sampler = make_sampler(**sampler_settings)
        lm.compile(sampler=self.sampler)

    @classmethod
    def from_run(cls, run_dir, **sampler_settings) -> CVWriter:
        """Loads the best model of a ``train_cv`` run."""
        preset = RunFolder(run_dir, CV_RUN) / "preset"
        if not (preset / "config.json").exists():  # KerasHub's preset file.
            raise FileNotFoundError(f"{preset} holds no model: train first with `{CV_RUN.train_command} --out {run_dir}`")
        return cls(keras_hub.models.GPT2CausalLM.from_preset(str(preset)), **sampler_settings)

    @property
    def max_length_limit(self) -> int:
        return int(self.lm.backbone.max_sequence_length)

    def generate(self, prompt: str = PROMPT, n: int = 1, max_length: int | None = None, seed: int = 0) -> list[str]:
        """``n`` CVs that start with ``prompt``, as one batch.

        Args:
            prompt: str. The text every CV starts with (kept in the output).
            n: int. Number of CVs.
            max_length: int or None. Longest output in tokens, prompt
                included; at most the model's sequence length (the default).
            seed: int. Same seed, same CVs.
        """
        max_length = max_length or self.max_length_limit
        if max_length > self.max_length_limit:
            raise ValueError(f"max length {max_length} exceeds the model's {self.max_length_limit} positions")
        self.sampler.reseed(seed)
        texts = self.lm.generate([prompt] * n, max_length=max_length)
        return [str(text) for text in np.asarray(texts).tolist()]

    def compiled_generate_traces(self) -> int:
        """How many times the generate function has been traced (1 after any number of same-shape calls)."""
        function = self.lm.generate_function
        return 0 if function is None else function.experimental_get_tracing_count()
