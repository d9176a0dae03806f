"""The transfer experiment's settings: its tasks, and how the head and trunk are trained.

Example:

>>> "glasses" in TASKS and "face_vs_nonface" in TASKS
True
>>> TrainingSettings(pooling="max")
Traceback (most recent call last):
...
ValueError: pooling must be one of ('grid', 'flatten', 'average'), got 'max'
"""

from __future__ import annotations

import dataclasses

from implementor_tf.data.synthetic_portraits import ATTRIBUTE_NAMES
from implementor_tf.settings import Settings, setting

FACE_VS_NONFACE = "face_vs_nonface"
TASKS = (*ATTRIBUTE_NAMES, FACE_VS_NONFACE)
"""An attribute of the synthetic portraits, or LFW faces against non-faces."""

POOLINGS = ("grid", "flatten", "average")


@dataclasses.dataclass
class TrainingSettings(Settings):
    """How the head and trunk are trained; the defaults are the README experiment's."""

    pooling: str = setting("grid", "feature map to vector: max-pool to a 4x4 grid, keep every position, or average them away", choices=POOLINGS)
    weight_decay: float = setting(1e-3, "L2 on the head: with 10 labels and 2,048 features, the probe needs it", within="[0, inf)")
    probe_learning_rate: float = setting(1e-2, "learning rate of the linear probe", within="(0, inf)")
    probe_max_steps: int = setting(1000, "full-batch steps of the probe; it stops earlier once the loss is flat", within="[1, inf)")
    fine_tune_learning_rate: float = setting(1e-4, "learning rate of the fine-tune", within="(0, inf)")
    scratch_learning_rate: float = setting(1e-3, "learning rate of the from-scratch control", within="(0, inf)")
    steps: int = setting(150, "gradient steps of the fine-tune and of the from-scratch control", within="[1, inf)")
    batch_size: int = setting(32, "labelled images per step", within="[1, inf)")
    seed: int = setting(0, "order of the batches")
