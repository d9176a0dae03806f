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

from implementor_tf.lazy import lazy_exports

__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "MODES": "implementor_tf.transfer.experiment",
        "TASKS": "implementor_tf.transfer.config",
        "TrainingSettings": "implementor_tf.transfer.config",
        "TransferTask": "implementor_tf.transfer.tasks",
        "accuracy": "implementor_tf.transfer.classifier",
        "discriminator_trunk": "implementor_tf.transfer.trunk",
        "fine_tune": "implementor_tf.transfer.classifier",
        "format_table": "implementor_tf.transfer.report",
        "imagenet_trunk": "implementor_tf.transfer.imagenet",
        "linear_probe": "implementor_tf.transfer.classifier",
        "load_discriminator": "implementor_tf.face.sample",
        "load_task": "implementor_tf.transfer.tasks",
        "plot_transfer": "implementor_tf.transfer.report",
        "random_trunk": "implementor_tf.transfer.trunk",
        "run_transfer_experiment": "implementor_tf.transfer.experiment",
        "sample_budget": "implementor_tf.transfer.budget",
        "stratified_counts": "implementor_tf.transfer.budget",
        "train_from_scratch": "implementor_tf.transfer.classifier",
    },
)
