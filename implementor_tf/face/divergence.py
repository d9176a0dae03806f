"""Noticing a GAN that has stopped learning: a discriminator that always wins, or a loss that explodes.

A diverged GAN rarely produces NaN: its losses stay finite while the
discriminator tells every real and generated image apart (accuracy pinned
at 100 %) or the generator's loss runs away, and the faces stop improving.
``DivergenceWatch`` looks at each epoch's averages; when they stay past the
thresholds for ``patience`` epochs in a row it says so once, adds
``diverged: 1`` to the epoch's log line, and stops training when asked
(``FaceConfig.stop_on_divergence``, ``--stop-on-divergence``).

Example:

>>> watch = DivergenceWatch(patience=2, say=None)
>>> [watch.judge({"d_real_acc": 1.0, "d_fake_acc": 1.0, "g_loss": 9.0}) for _ in range(3)]
[False, True, True]
>>> watch.judge({"d_real_acc": 0.7, "d_fake_acc": 0.8, "g_loss": 1.2})
False
"""

from __future__ import annotations

import keras

PINNED_ACCURACY = 0.99  # The discriminator is right about (almost) every real and every generated image.
RUNAWAY_LOSS = 20.0  # Logistic loss of a generator whose images are all called fake with near certainty.


class DivergenceWatch(keras.callbacks.Callback):
    """Watches each epoch's losses and accuracies for a GAN that has diverged.

    Args:
        patience: int. Epochs in a row past the thresholds before it counts.
        stop: bool. Stop training when it counts.
        say: function for the console message, or None.
    """

    def __init__(self, patience: int = 3, stop: bool = False, say=print):
        super().__init__()
        self.patience = patience
        self.stop = stop
        self.say = say
        self.streak = 0
        self.reported = False

    @staticmethod
    def past_thresholds(logs: dict) -> bool:
        pinned = min(logs.get("d_real_acc", 0.0), logs.get("d_fake_acc", 0.0)) >= PINNED_ACCURACY
        runaway = max(logs.get("g_loss", 0.0), logs.get("d_loss", 0.0)) >= RUNAWAY_LOSS
        return pinned or runaway

    def judge(self, logs: dict) -> bool:
        """True when ``logs`` make ``patience`` epochs in a row past the thresholds."""
        self.streak = self.streak + 1 if self.past_thresholds(logs) else 0
        return self.streak >= self.patience

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        if not self.judge({key: float(value) for key, value in logs.items() if value is not None}):
            return
        logs["diverged"] = 1.0
        if self.say and not self.reported:
            action = "stopping (--stop-on-divergence)" if self.stop else "training goes on; --stop-on-divergence would stop it"
            self.say(
                f"\nThe GAN looks diverged: for {self.streak} epochs the discriminator was right about "
                f"{100 * min(logs.get('d_real_acc', 0), logs.get('d_fake_acc', 0)):.0f}% of images or a loss reached "
                f"{max(logs.get('g_loss', 0), logs.get('d_loss', 0)):.1f}; {action}. A lower learning rate usually helps."
            )
        self.reported = True
        if self.stop:
            self.model.stop_training = True
