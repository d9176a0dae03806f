"""Measuring a face run: after training (``implementor face eval``) and during it.

``evaluate_face_run`` draws faces from a run's averaged generator and
measures them against the run's data, beside a second sample of the same
data (the floor), with ``implementor_tf.metrics.face_quality``.
``QualityTracker`` does the same every few thousand images while the GAN
trains, into the run's ``metrics.jsonl``; ``quality_tracker`` sets it up for
a run.

Example:

>>> import tempfile
>>> from implementor_tf.face.train import train_face
>>> run = train_face(FaceConfig.budget("test", kimg=0.032), tempfile.mkdtemp(), verbose=0)
>>> result = evaluate_face_run(run.run_dir, n=16, kid=False, say=None)
>>> result["swd"]["swd"] > result["floor"]["swd"]["swd"]
True
"""

from __future__ import annotations

import time

import keras
import numpy as np

from implementor_tf.data.portraits import Portraits, floor_samples, load_portraits
from implementor_tf.data.synthetic_portraits import BINARY_ATTRIBUTES
from implementor_tf.face.config import FACE_RUN, FaceConfig
from implementor_tf.face.sample import sample_faces
from implementor_tf.metrics.attributes import AttributeClassifier, attribute_coverage
from implementor_tf.metrics.diversity import mean_ms_ssim
from implementor_tf.metrics.face_quality import evaluate_images
from implementor_tf.metrics.memorisation import memorisation
from implementor_tf.metrics.spectrum import spectral_ratios
from implementor_tf.metrics.swd import sliced_wasserstein_distance
from implementor_tf.pictures import from_uint8
from implementor_tf.run_folder import RunFolder


def evaluate_face_run(run_dir, data: str | None = None, n: int = 1000, seed: int = 0, kid=True, say=print) -> dict:
    """Evaluates a run's averaged generator against the run's data (or ``data``), beside the data's floor.

    Loads the real images the run was trained on and a second sample of the
    same data (``floor_samples``), draws as many faces as the reference holds
    (noise seed ``seed``; at most ``n``), trains the attribute classifier when
    the images are synthetic portraits, and writes ``closest_pairs.png`` into
    the run folder. ``say`` prints progress messages (None: silent).
    """
    say = say or (lambda *args: None)
    run = RunFolder(run_dir, FACE_RUN)
    run_dir = run.path
    config = run.settings()
    source = data or config.data
    portraits = load_portraits(source, config.image_size, n=config.n_images, seed=config.seed)
    training = from_uint8(portraits.numpy())
    real, second_real, floor_description = floor_samples(training, source, seed=config.seed)
    real = real[:n]
    second_real = None if second_real is None else second_real[:n]
    say(f"Real images: {portraits.description}; floor: {floor_description}")
    generated = sample_faces(run_dir, n=len(real), seed=seed)
    classifier = None
    if portraits.attributes is not None:
        say("Training the attribute classifier on new labelled portraits (about half a minute)...")
        classifier = AttributeClassifier.train(config.image_size)
    pairs_png = run_dir / "closest_pairs.png"
    result = evaluate_images(
        real, generated, classifier=classifier, kid=kid, pairs_png=pairs_png, seed=seed, second_real=second_real, training=training
    )
    history = run.records()
    return {
        "run": str(run_dir),
        "data": portraits.description,
        "floor_sample": floor_description,
        "images_seen": history[-1]["images"] if history else None,
        **result,
        "closest_pairs_png": str(pairs_png),
    }


class QualityTracker(keras.callbacks.Callback):
    """Measures the averaged generator every ``every_kimg`` thousand images during training.

    Adds ``swd``, ``sharpness``, ``artefacts``, ``ms_ssim``,
    ``memorised_share``, ``nn_ratio`` and (with a classifier)
    ``attribute_tv`` and ``share_glasses``, ``share_long_hair`` and the other
    yes/no attributes' shares (as the classifier reads them; ``face eval``
    says which it reads reliably) to the logs of the epoch in which the mark is passed, and
    beside them the same figures for the second real sample, named
    ``*_floor`` (``ms_ssim_real`` for MS-SSIM), so ``MetricsLog`` writes both
    to ``metrics.jsonl`` and plots them; place it before ``MetricsLog``. It
    keeps no state of its own, so a resumed run measures at the same marks.

    Args:
        real: array ``(n, size, size, 3)`` in [-1, 1]. The reference images.
        every_kimg: float. Thousands of real images between measurements.
        n: int. Generated images per measurement (at most ``len(real)``).
        classifier: AttributeClassifier or None.
        seed: int. Noise seed: the same faces are measured every time.
        second_real: array or None. A second real sample for the floor.
        training: array or None. All training images, for memorisation
            (None: ``real``).
    """

    def __init__(
        self,
        real,
        every_kimg: float,
        n: int = 500,
        classifier: AttributeClassifier | None = None,
        seed: int = 1,
        second_real=None,
        training=None,
    ):
        super().__init__()
        self.real = np.asarray(real, np.float32)
        self.training = self.real if training is None else np.asarray(training, np.float32)
        self.second_real = None if second_real is None else np.asarray(second_real, np.float32)
        self.every = max(1, round(every_kimg * 1000))
        self.n = min(n, len(self.real))
        self.classifier = classifier
        self.seed = seed
        self._floor = None
        self._epoch_start_images = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start_images = int(self.model.images_seen.numpy())

    def on_epoch_end(self, epoch, logs=None):
        count = int(self.model.images_seen.numpy())
        if logs is None or count // self.every == self._epoch_start_images // self.every:
            return
        logs.update(self.measure())

    def _figures(self, images, training) -> dict:
        reference = self.real[: len(images)]
        report = memorisation(training, images)
        spectrum = spectral_ratios(self.real, images)
        values = {
            "swd": sliced_wasserstein_distance(reference, images)["swd"],
            "sharpness": spectrum["sharpness"],
            "artefacts": spectrum["artefacts"],
            "ms_ssim": mean_ms_ssim(images, pairs=250),
            "memorised_share": report["memorised_share"],
            "nn_ratio": report["nn_ratio"],
        }
        if self.classifier is not None:
            coverage = attribute_coverage(self.classifier, self.real, images)
            values["attribute_tv"] = coverage["attribute_tv"]
            for name in BINARY_ATTRIBUTES:  # A share drifting over a run shows a kind of face coming and going.
                values[f"share_{name}"] = coverage["attributes"][name]["generated"]
        return values

    def floor(self) -> dict:
        """The figures of the second real sample (``ms_ssim_real`` from the reference), measured once."""
        if self._floor is None:
            self._floor = {"ms_ssim_real": mean_ms_ssim(self.real, pairs=250)}
            if self.second_real is not None:
                figures = self._figures(self.second_real[: self.n], self.real)
                figures.pop("ms_ssim")
                self._floor.update({f"{name}_floor": value for name, value in figures.items()})
        return self._floor

    def measure(self) -> dict:
        started = time.perf_counter()
        values = self._figures(self.model.generate(self.n, seed=self.seed), self.training)
        values.update(self.floor())
        values["eval_seconds"] = round(time.perf_counter() - started, 2)
        return values


def quality_tracker(config: FaceConfig, portraits: Portraits, say=print) -> QualityTracker:
    """The ``QualityTracker`` of a run: with attribute coverage when the portraits are labelled."""
    classifier = None
    if portraits.attributes is not None:
        say("Training the attribute classifier for quality tracking...")
        classifier = AttributeClassifier.train(config.image_size)
    training = from_uint8(portraits.numpy())
    real, second_real, floor_description = floor_samples(training, config.data, seed=config.seed)
    say(
        f"Measuring quality every {config.eval_kimg:g}k images on {min(config.eval_n, len(real))} generated faces, "
        f"beside the data's floor ({floor_description})"
    )
    return QualityTracker(
        real, config.eval_kimg, n=config.eval_n, classifier=classifier, second_real=second_real, training=training
    )
