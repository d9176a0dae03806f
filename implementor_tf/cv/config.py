"""``CVConfig``: every setting of a CV run and its named budgets.

The tiny model's builder, the training loop, the ``implementor cv train``
flags, the demo, the notebooks, the tests and the benchmarks all read their
sizes from here.

Example:

>>> CVConfig.budget("test").hidden_dim
32
>>> CVConfig().peak_learning_rate, CVConfig(model="gpt2_base_en").peak_learning_rate
(0.007, 5e-05)
"""

from __future__ import annotations

import dataclasses

from implementor_tf.distribute import DISTRIBUTIONS
from implementor_tf.precision import PRECISIONS, resolve_precision
from implementor_tf.run_folder import RunKind
from implementor_tf.settings import Settings, setting

SAMPLERS = ("greedy", "top_k", "top_p", "beam")
DEMO_CV = dict(n_cvs=4000, epochs=4)
"""The budget of the CV of ``implementor demo`` and of the notebooks on a CPU (see ``CVConfig.BUDGETS``)."""


@dataclasses.dataclass
class CVConfig(Settings):
    """Settings of a CV run; the defaults are the README's offline budget.

    The tiny model (4 layers of width 128, a BPE vocabulary of 4,096 learnt
    from the corpus) trains on 9,000 synthetic CVs for 3 epochs in about ten
    minutes on a 2-core CPU.
    """

    BUDGETS = {
        # Trains in seconds: the tests' model.
        "test": dict(n_cvs=200, epochs=2, sequence_length=128, vocabulary_size=600, num_layers=1, hidden_dim=32,
                     num_heads=2, sample_every=0),
        # `implementor demo --quick`: a smoke run of about a minute.
        "quick": dict(n_cvs=600, epochs=4, vocabulary_size=1000, num_layers=2, hidden_dim=64, num_heads=2, sample_every=0),
        # `implementor demo`: the default model on 4,000 CVs four times (900 steps; about 16 minutes of training on a
        # 2-core CPU without bfloat16). When the copy of the Name: line's first name into the profile starts depends on
        # the seed: after about 450 steps with seed 0, too late for three passes (675 steps) with seed 1 (README,
        # "The fact check").
        "demo": DEMO_CV,
        # The notebooks on a CPU: the demo's CV.
        "notebook_cpu": DEMO_CV,
        # The notebooks on a GPU: the README's run, compiled with XLA.
        "notebook_gpu": dict(jit_compile=True),
        # `implementor cv train` with no flags: the README's run.
        "readme": dict(),
    }

    corpus: str = setting("synthetic", "synthetic, a folder of .txt/.md, a .jsonl, or a text file of '---'-separated CVs")
    model: str = setting("tiny", "tiny (offline, from scratch) or a KerasHub preset such as gpt2_base_en")
    epochs: int = setting(3, "passes over the training CVs", within="[1, inf)")
    sequence_length: int = setting(256, "tokens per training sequence", within="[8, inf)")
    batch_size: int = setting(16, "sequences per step", within="[1, inf)")
    learning_rate: float | None = setting(None, "peak learning rate (default: 7e-3 for tiny, 5e-5 for a preset)", within="(0, inf)")
    weight_decay: float = setting(0.01, "AdamW's weight decay", within="[0, inf)")
    # A high peak (7e-3, 3.5x the earlier 2e-3), held steady by a short average of squared gradients and clipped
    # steps, is what makes the tiny model learn to copy names in a few hundred steps (README, "The fact check").
    warmup_steps: int = setting(100, "steps of linear warm-up to the peak learning rate (at most one epoch)", within="[0, inf)")
    adam_beta_2: float = setting(0.95, "AdamW's decay of the squared-gradient average", within="(0, 1)")
    gradient_clip: float = setting(1.0, "largest global norm of a step's gradient (0: not clipped)", within="[0, inf)")
    lora_rank: int | None = setting(None, "train LoRA adapters of this rank instead of all weights", within="[1, inf)")
    seed: int = setting(0, "seed of the corpus, the weights and the samples")
    n_cvs: int = setting(10000, "CVs of the synthetic corpus", within="[2, inf)")
    validation_fraction: float = setting(0.1, "share of the CVs held out for validation", within="(0, 1)")
    vocabulary_size: int = setting(4096, "tiny model: size of the byte-pair vocabulary learnt from the corpus", within="[260, inf)")
    split_capitalised: bool = setting(False, "tiny model: keep capitalised words apart from their space (see cv/tokenizer.py)")
    num_layers: int = setting(4, "tiny model: transformer layers", within="[1, inf)")
    hidden_dim: int = setting(128, "tiny model: width (the feed-forward layers are 4x as wide)", within="[1, inf)")
    num_heads: int = setting(4, "tiny model: attention heads", within="[1, inf)")
    dropout: float = setting(0.0, "tiny model: dropout rate (a preset keeps its own); 0.1 costs a third of the speed on a CPU", within="[0, 1)")
    precision: str = setting("auto", "auto: mixed_float16 on a GPU, float32 on a CPU (measured faster at this width)", choices=PRECISIONS)
    jit_compile: bool | None = setting(None, "XLA for training and generating (default: Keras decides, off on a CPU)")
    distribute: str = setting("auto", "devices and machines to train on (auto: every GPU when there are several; "
                              "batch_size is then the global batch)", choices=DISTRIBUTIONS)
    sample_every: int = setting(200, "steps between sample CVs (0: none)", within="[0, inf)")

    def __post_init__(self):
        super().__post_init__()
        if self.hidden_dim % self.num_heads:
            raise ValueError(f"hidden_dim ({self.hidden_dim}) must be a multiple of num_heads ({self.num_heads})")

    def resolved(self) -> CVConfig:
        """This config with ``precision`` decided for this machine.

        Unlike the face's, ``auto`` keeps float32 on a CPU even where bfloat16
        matrix products are faster: at width 128 the step is bound by memory
        and element-wise work, and ``benchmarks/cv_train.py`` measures mixed
        bfloat16 slower than float32.
        """
        return dataclasses.replace(self, precision=resolve_precision(self.precision, cpu_bfloat16=False))

    @property
    def peak_learning_rate(self) -> float:
        if self.learning_rate is not None:
            return self.learning_rate
        return 7e-3 if self.model == "tiny" else 5e-5

    @property
    def intermediate_dim(self) -> int:
        """Width of the tiny model's feed-forward layers."""
        return 4 * self.hidden_dim


@dataclasses.dataclass
class SamplerSettings(Settings):
    """How the next token is chosen: the settings of ``implementor cv generate``."""

    sampler: str = setting("top_p", "how the next token is chosen", choices=SAMPLERS)
    # Chosen against the fact check (README, "The fact check"): at 0.7 the profile names the Name: person in
    # 100 % of CVs against 85 % at 1.0; 0.6 then lifts the demo's CVs that keep every fact from 76-78 % to
    # 84-85 % (300 CVs, two training seeds), the default run's unchanged within the noise, for a 2-5 %
    # smaller distinct-2. A ban on repeated 8-grams broke employer lines that rightly repeat, so it is off
    # unless asked for.
    temperature: float = setting(0.6, "divides the logits before sampling", within="(0, inf)")
    no_repeat_ngram: int = setting(0, "size of n-grams that may not repeat (0: off)", within="[0, inf)")
    top_k: int = setting(20, "candidates kept by top_k", within="[1, inf)")
    top_p: float = setting(0.9, "probability mass kept by top_p", within="(0, 1]")
    num_beams: int = setting(4, "beams of beam", within="[1, inf)")


CV_RUN = RunKind("CV", CVConfig, "implementor cv train", from_command=("epochs", "distribute"), log="metrics.jsonl", plot="loss.png")
"""A CV run folder: ``config.json``, ``metrics.jsonl``, ``loss.png``, ``samples.txt``,
``tokenizer/``, ``backup/`` and the best model as a KerasHub preset in ``preset/``."""
