"""All face metrics at once: for a pair of image sets, or for a trained run.

``evaluate_images`` measures generated images against real ones: sliced
Wasserstein distance, KID (when its network loads), diversity, memorisation
and, for labelled synthetic portraits, attribute coverage.
``evaluate_face_run`` does it for a run folder, as ``implementor face eval``.
``QualityTracker`` does it during training, every few thousand images, into
the run's ``metrics.jsonl``.

Example (two sets of real portraits, so everything reads "alike"):

>>> from implementor_tf.data.synthetic_portraits import draw_portraits
>>> real = from_uint8(draw_portraits(64, image_size=32, seed=0)[0])
>>> other = from_uint8(draw_portraits(64, image_size=32, seed=1)[0])
>>> result = evaluate_images(real, other, kid=False)
>>> result["memorisation"]["memorised_share"], result["kid"]["available"]
(0.0, False)
"""

from __future__ import annotations

import time
from pathlib import Path

import keras
import numpy as np

from implementor_tf.data.portraits import from_uint8, load_portraits
from implementor_tf.face.image_grid import save_png
from implementor_tf.face.progress_gif import images_seen
from implementor_tf.jsonl import read_jsonl
from implementor_tf.metrics.attributes import AttributeClassifier, attribute_coverage
from implementor_tf.metrics.diversity import diversity, mean_ms_ssim
from implementor_tf.metrics.kid import kernel_inception_distance
from implementor_tf.metrics.memorisation import closest_pairs_picture, memorisation
from implementor_tf.metrics.swd import sliced_wasserstein_distance

NO_LABELS = "only the synthetic portraits have attribute labels"


def evaluate_images(
    real,
    generated,
    classifier: AttributeClassifier | None = None,
    kid=True,
    pairs_png=None,
    seed: int = 0,
) -> dict:
    """Every face metric of ``generated`` against ``real`` (both in [-1, 1]).

    Args:
        real: array ``(n, size, size, 3)``. The training images.
        generated: array ``(m, size, size, 3)``. SWD uses ``min(n, m)`` of each.
        classifier: AttributeClassifier or None. Attribute coverage needs it.
        kid: True (InceptionV3, when it loads), False (skip), or a function
            from images to features.
        pairs_png: str, Path or None. Where to draw the closest generated/
            training pairs.
        seed: int. Seed of the random patches, projections and pairs.

    Returns:
        ``{"swd": ..., "kid": ..., "diversity": ..., "memorisation": ...,
        "attributes": ...}``; a metric that cannot run says why, with
        ``"available": False``.
    """
    real = np.asarray(real, np.float32)
    generated = np.asarray(generated, np.float32)
    count = min(len(real), len(generated))
    report = memorisation(real, generated)
    if pairs_png is not None:
        save_png(closest_pairs_picture(real, generated, report), pairs_png)
    del report["nearest"]
    if kid is False:
        kid_result = {"available": False, "reason": "not requested"}
    else:
        kid_result = kernel_inception_distance(real, generated, extractor=None if kid is True else kid, seed=seed)
    return {
        "n_real": len(real),
        "n_generated": len(generated),
        "swd": sliced_wasserstein_distance(real[:count], generated[:count], seed=seed),
        "kid": kid_result,
        "diversity": diversity(real, generated, seed=seed),
        "memorisation": report,
        "attributes": (
            attribute_coverage(classifier, real, generated) if classifier else {"available": False, "reason": NO_LABELS}
        ),
    }


def evaluate_face_run(run_dir, data: str | None = None, n: int = 1000, seed: int = 0, kid=True, say=print) -> dict:
    """Evaluates a run's averaged generator against the run's data (or ``data``).

    Draws ``n`` faces (noise seed ``seed``), loads the real images the run was
    trained on, trains the attribute classifier when they are synthetic
    portraits, and writes ``closest_pairs.png`` into the run folder. ``say``
    prints progress messages (None: silent).
    """
    from implementor_tf.face.train import FaceConfig, sample_faces

    say = say or (lambda *args: None)
    run_dir = Path(run_dir)
    config_path = run_dir / "config.json"
    if not config_path.exists():
        raise FileNotFoundError(f"{run_dir} is not a face run (no config.json): train one with `implementor face train`")
    config = FaceConfig.from_json(config_path.read_text())
    portraits = load_portraits(data or config.data, config.image_size, n=config.n_images, seed=config.seed)
    say(f"Real images: {portraits.description}")
    real = from_uint8(portraits.numpy())
    generated = sample_faces(run_dir, n=n, seed=seed)
    classifier = None
    if portraits.attributes is not None:
        say("Training the attribute classifier on new labelled portraits (about half a minute)...")
        classifier = AttributeClassifier.train(config.image_size)
    pairs_png = run_dir / "closest_pairs.png"
    result = evaluate_images(real, generated, classifier=classifier, kid=kid, pairs_png=pairs_png, seed=seed)
    history = read_jsonl(run_dir / "metrics.jsonl")
    return {
        "run": str(run_dir),
        "data": portraits.description,
        "images_seen": history[-1]["images"] if history else None,
        **result,
        "closest_pairs_png": str(pairs_png),
    }


def format_table(result: dict) -> str:
    """A readable summary of ``evaluate_images`` / ``evaluate_face_run`` output."""
    swd, kid, div, mem, attributes = (result[key] for key in ("swd", "kid", "diversity", "memorisation", "attributes"))
    levels = ", ".join(f"{level} {value:.1f}" for level, value in swd["swd_levels"].items())
    kid_text = f"{kid['kid']:.4f} ± {kid['kid_std']:.4f}" if kid.get("available") else f"unavailable ({kid['reason']})"
    lines = [
        f"{'generated / real images':28} {result['n_generated']} / {result['n_real']}",
        f"{'SWD x1e3 (lower is better)':28} {swd['swd']:.2f}  ({levels})",
        f"{'KID':28} {kid_text}",
        f"{'MS-SSIM generated / real':28} {div['ms_ssim_generated']:.3f} / {div['ms_ssim_real']:.3f}  (higher = less diverse)",
        f"{'memorised share':28} {mem['memorised_share']:.1%}  (closer than the closest real pair, {mem['closest_real_pair']:.3f})",
        f"{'nearest-neighbour ratio':28} {mem['nn_ratio']:.2f}  (generated-to-real / real-to-real median distance)",
    ]
    if attributes.get("available", True):
        lines.append(f"{'attribute TV distance':28} {attributes['attribute_tv']}  (0 = same frequencies as the data)")
        for name, entry in attributes["attributes"].items():
            real, generated = entry["real"], entry["generated"]
            shown = f"{real:.2f} real, {generated:.2f} generated" if isinstance(real, float) else f"TV {entry['tv']:.3f}"
            note = "" if entry["reliable"] else "  (classifier unreliable: left out)"
            lines.append(f"  {name:26} {shown}{note}")
    else:
        lines.append(f"{'attribute coverage':28} unavailable ({attributes['reason']})")
    if "closest_pairs_png" in result:
        lines.append(f"{'closest pairs':28} {result['closest_pairs_png']}")
    return "\n".join(lines)


class QualityTracker(keras.callbacks.Callback):
    """Measures the averaged generator every ``every_kimg`` thousand images during training.

    Adds ``swd``, ``ms_ssim``, ``memorised_share``, ``nn_ratio`` and (with a
    classifier) ``attribute_tv`` to the logs of the epoch in which the mark is
    passed, so ``MetricsLog`` writes them to ``metrics.jsonl`` and plots them;
    place it before ``MetricsLog``. It keeps no state of its own, so a resumed
    run measures at the same marks.

    Args:
        real: array ``(n, size, size, 3)`` in [-1, 1]. The training images.
        every_kimg: float. Thousands of real images between measurements.
        n: int. Generated images per measurement.
        classifier: AttributeClassifier or None.
        seed: int. Noise seed: the same faces are measured every time.
    """

    def __init__(self, real, every_kimg: float, n: int = 500, classifier: AttributeClassifier | None = None, seed: int = 1):
        super().__init__()
        self.real = np.asarray(real, np.float32)
        self.every = max(1, round(every_kimg * 1000))
        self.n = n
        self.classifier = classifier
        self.seed = seed
        self._real_ms_ssim = None
        self._epoch_start_images = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start_images = images_seen(self.model)

    def on_epoch_end(self, epoch, logs=None):
        count = images_seen(self.model)
        if logs is None or count // self.every == self._epoch_start_images // self.every:
            return
        logs.update(self.measure())

    def measure(self) -> dict:
        started = time.perf_counter()
        generated = self.model.generate(self.n, seed=self.seed)
        count = min(len(self.real), self.n)
        if self._real_ms_ssim is None:
            self._real_ms_ssim = mean_ms_ssim(self.real, pairs=250)
        report = memorisation(self.real, generated)
        values = {
            "swd": sliced_wasserstein_distance(self.real[:count], generated[:count])["swd"],
            "ms_ssim": mean_ms_ssim(generated, pairs=250),
            "ms_ssim_real": self._real_ms_ssim,
            "memorised_share": report["memorised_share"],
            "nn_ratio": report["nn_ratio"],
        }
        if self.classifier is not None:
            values["attribute_tv"] = attribute_coverage(self.classifier, self.real, generated)["attribute_tv"]
        values["eval_seconds"] = round(time.perf_counter() - started, 2)
        return values
