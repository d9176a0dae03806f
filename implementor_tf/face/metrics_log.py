"""A callback that writes ``metrics.jsonl`` and plots ``losses.png``.

One JSON line per epoch (a few thousand images): step, images seen, training
seconds, throughput and every metric the model and earlier callbacks returned
(``QualityTracker`` adds its measurements this way). Training seconds run from
the start of an epoch to its last step, so the work done at the end of an
epoch (measuring, checkpointing) is not counted as training. The plot shows
the two losses and the discriminator's accuracies against images seen, which
is where a collapse or an over-fitting discriminator shows first, and the
quality measurements when there are any.

Example:

>>> from implementor_tf.face.config import FACE_RUN
>>> callback = MetricsLog(RunFolder("/tmp/run", FACE_RUN))
>>> callback.get_state()
{'lines': 0, 'seconds': 0.0}
"""

from __future__ import annotations

import time

import keras

from implementor_tf.run_folder import RunFolder, save_atomically


class MetricsLog(keras.callbacks.Callback):
    """Appends one record per epoch to the run's log (``metrics.jsonl``) and redraws its plot (``losses.png``).

    Args:
        run: RunFolder. The run.
    """

    def __init__(self, run: RunFolder):
        super().__init__()
        self.run = run
        self.lines = 0
        self.seconds = 0.0
        self._epoch_start = None
        self._last_step_end = None
        self._epoch_start_images = 0

    def get_state(self) -> dict:
        return {"lines": self.lines, "seconds": self.seconds}

    def set_state(self, state: dict) -> None:
        """Restores the log to a checkpoint: records written after it are dropped."""
        self.lines = int(state["lines"])
        self.seconds = float(state["seconds"])
        self.run.keep_records(self.lines)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = self._last_step_end = time.perf_counter()
        self._epoch_start_images = int(self.model.images_seen.numpy())

    def on_train_batch_end(self, batch, logs=None):
        self._last_step_end = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        elapsed = self._last_step_end - self._epoch_start
        self.seconds += elapsed
        count = int(self.model.images_seen.numpy())
        record = {
            "step": int(self.model.d_optimizer.iterations.numpy()),
            "images": count,
            "seconds": round(self.seconds, 2),
            "images_per_second": round((count - self._epoch_start_images) / max(elapsed, 1e-9), 2),
        }
        record.update({name: None if value is None else float(value) for name, value in (logs or {}).items()})
        self.run.log(record)
        self.lines += 1
        plot_losses(self.run.records(), self.run.plot_path)


def plot_losses(records: list[dict], path) -> None:
    """Plots losses and discriminator accuracies against thousands of images seen."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not records:
        return
    kimg = [record["images"] / 1000 for record in records]
    measured = [record for record in records if "swd" in record]
    figure, axes = plt.subplots(1, 3 if measured else 2, figsize=(15 if measured else 10, 3.6))
    loss_axes, accuracy_axes = axes[:2]
    for key, label in (("d_loss", "discriminator"), ("g_loss", "generator")):
        loss_axes.plot(kimg, [record.get(key) for record in records], label=label)
    loss_axes.set(title="Losses", xlabel="thousands of real images seen", ylabel="logistic loss")
    loss_axes.legend()
    for key, label in (("d_real_acc", "accuracy on real"), ("d_fake_acc", "accuracy on generated"), ("aug_p", "augmentation p")):
        accuracy_axes.plot(kimg, [record.get(key) for record in records], label=label)
    accuracy_axes.set(title="Discriminator", xlabel="thousands of real images seen", ylim=(-0.02, 1.02))
    accuracy_axes.legend()
    if measured:
        plot_quality(axes[2], measured)
    figure.tight_layout()
    save_atomically(path, lambda temporary: figure.savefig(temporary, dpi=100))
    plt.close(figure)


def plot_quality(axes, records: list[dict]) -> None:
    """SWD (and its floor) on the left axis and attribute distance on the right, against images seen."""
    kimg = [record["images"] / 1000 for record in records]
    axes.plot(kimg, [record["swd"] for record in records], marker="o", color="C0", label="SWD x1e3")
    if any(record.get("swd_floor") is not None for record in records):
        axes.plot(kimg, [record.get("swd_floor") for record in records], linestyle="--", color="C0", label="SWD of a second real sample (floor)")
    axes.set(title="Quality (lower is better)", xlabel="thousands of real images seen", ylabel="sliced Wasserstein distance")
    axes.set_yscale("log")
    if any(record.get("attribute_tv") is not None for record in records):
        attribute_axes = axes.twinx()
        attribute_axes.plot(kimg, [record.get("attribute_tv") for record in records], marker="s", color="C3")
        attribute_axes.set_ylabel("attribute TV distance", color="C3")
    axes.legend(loc="upper right")
