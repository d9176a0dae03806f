"""Transfer learning: the face run's discriminator as a start for classifiers with few labels.

- ``load_discriminator`` / ``discriminator_trunk``: the trained convolutional
  trunk of a face run (trunk).
- ``linear_probe``, ``fine_tune``, ``train_from_scratch``: the three ways to
  train a small head on it (classifier); ``imagenet_trunk`` for the ImageNet
  baseline (imagenet).
- ``load_task`` (tasks), ``sample_budget`` (budget).
- ``run_transfer_experiment`` (experiment), ``format_table`` and
  ``plot_transfer`` (report).

>>> from implementor_tf.transfer import TASKS
>>> "face_vs_nonface" in TASKS
True
"""

from implementor_tf.face.sample import load_discriminator
from implementor_tf.transfer.budget import sample_budget, stratified_counts
from implementor_tf.transfer.classifier import (
    TrainingSettings,
    accuracy,
    fine_tune,
    linear_probe,
    train_from_scratch,
)
from implementor_tf.transfer.experiment import MODES, run_transfer_experiment
from implementor_tf.transfer.imagenet import imagenet_trunk
from implementor_tf.transfer.report import format_table, plot_transfer
from implementor_tf.transfer.tasks import TASKS, TransferTask, load_task
from implementor_tf.transfer.trunk import discriminator_trunk, random_trunk

__all__ = [
    "MODES",
    "TASKS",
    "TrainingSettings",
    "TransferTask",
    "accuracy",
    "discriminator_trunk",
    "fine_tune",
    "format_table",
    "imagenet_trunk",
    "linear_probe",
    "load_discriminator",
    "load_task",
    "plot_transfer",
    "random_trunk",
    "run_transfer_experiment",
    "sample_budget",
    "stratified_counts",
    "train_from_scratch",
]
