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

from implementor_tf.data.portraits import floor_samples, from_uint8, load_portraits
from implementor_tf.face.image_grid import save_png
from implementor_tf.face.progress_gif import images_seen
from implementor_tf.jsonl import read_jsonl
from implementor_tf.metrics.attributes import AttributeClassifier, attribute_coverage
from implementor_tf.metrics.diversity import diversity, mean_ms_ssim
from implementor_tf.metrics.kid import kernel_inception_distance
from implementor_tf.metrics.memorisation import closest_pairs_picture, memorisation
from implementor_tf.metrics.spectrum import spectral_ratios
from implementor_tf.metrics.swd import sliced_wasserstein_distance

NO_LABELS = "only the synthetic portraits have attribute labels"


def evaluate_images(
    real,
    generated,
    classifier: AttributeClassifier | None = None,
    kid=True,
    pairs_png=None,
    seed: int = 0,
    second_real=None,
    training=None,
) -> dict:
    """Every face metric of ``generated`` against ``real`` (both in [-1, 1]).

    Args:
        real: array ``(n, size, size, 3)``. The reference images.
        generated: array ``(m, size, size, 3)``. SWD uses ``min(n, m)`` of each.
        classifier: AttributeClassifier or None. Attribute coverage needs it.
        kid: True (InceptionV3, when it loads), False (skip), or a function
            from images to features.
        pairs_png: str, Path or None. Where to draw the closest generated/
            training pairs.
        seed: int. Seed of the random patches, projections and pairs.
        second_real: array or None. A second sample of the real data (see
            ``implementor_tf.data.portraits.floor_samples``): every metric is
            measured for it too, under ``"floor"``.
        training: array or None. Every training image, when ``real`` holds
            only part of them: generated faces are checked for copies against
            all of them (the floor sample against ``real``, since it is part
            of the training set). None: ``real``.

    Returns:
        ``{"swd": ..., "kid": ..., "spectrum": ..., "diversity": ...,
        "memorisation": ..., "attributes": ..., "floor": {same keys} or
        None}``; a metric that cannot run says why, with ``"available":
        False``.
    """
    real = np.asarray(real, np.float32)
    training = real if training is None else np.asarray(training, np.float32)
    result = _measure(real, np.asarray(generated, np.float32), classifier, kid, pairs_png, seed, training)
    result["floor"] = None if second_real is None else _measure(real, np.asarray(second_real, np.float32), classifier, kid, None, seed, real)
    return result


def _measure(real, generated, classifier, kid, pairs_png, seed, training) -> dict:
    count = min(len(real), len(generated))
    report = memorisation(training, generated)
    if pairs_png is not None:
        save_png(closest_pairs_picture(training, generated, report), pairs_png)
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
        "spectrum": spectral_ratios(real, generated),
        "diversity": diversity(real, generated, seed=seed),
        "memorisation": report,
        "attributes": (
            attribute_coverage(classifier, real, generated) if classifier else {"available": False, "reason": NO_LABELS}
        ),
    }


def evaluate_face_run(run_dir, data: str | None = None, n: int = 1000, seed: int = 0, kid=True, say=print) -> dict:
    """Evaluates a run's averaged generator against the run's data (or ``data``), beside the data's floor.

    Loads the real images the run was trained on and a second sample of the
    same data (``floor_samples``), draws as many faces as the reference holds
    (noise seed ``seed``; at most ``n``), trains the attribute classifier when
    the images are synthetic portraits, and writes ``closest_pairs.png`` into
    the run folder. ``say`` prints progress messages (None: silent).
    """
    from implementor_tf.face.train import FaceConfig, sample_faces

    say = say or (lambda *args: None)
    run_dir = Path(run_dir)
    config_path = run_dir / "config.json"
    if not config_path.exists():
        raise FileNotFoundError(f"{run_dir} is not a face run (no config.json): train one with `implementor face train`")
    config = FaceConfig.from_json(config_path.read_text())
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
    history = read_jsonl(run_dir / "metrics.jsonl")
    return {
        "run": str(run_dir),
        "data": portraits.description,
        "floor_sample": floor_description,
        "images_seen": history[-1]["images"] if history else None,
        **result,
        "closest_pairs_png": str(pairs_png),
    }


def format_table(result: dict) -> str:
    """A readable summary of ``evaluate_images`` / ``evaluate_face_run`` output, beside the data's floor."""
    floor = result.get("floor")
    swd, kid, spectrum, div, mem, attributes = (result[key] for key in ("swd", "kid", "spectrum", "diversity", "memorisation", "attributes"))

    def row(label, value, floor_value="", note=""):
        return f"{label:30} {value:>14} {floor_value:>14}  {note}".rstrip()

    def floor_of(*keys, fmt="{:.2f}"):
        if floor is None:
            return ""
        value = floor
        for key in keys:
            value = value[key]
        return fmt.format(value)

    levels = ", ".join(f"{level} {value:.1f}" for level, value in swd["swd_levels"].items())
    lines = [
        row("", "generated", "data floor" if floor else "", f"(floor: {result['floor_sample']})" if "floor_sample" in result else ""),
        row("images compared", f"{result['n_generated']} / {result['n_real']}", floor_of("n_generated", fmt="{} / ") + floor_of("n_real", fmt="{}")),
        row("SWD x1e3", f"{swd['swd']:.2f}", floor_of("swd", "swd"), f"lower is better ({levels})"),
    ]
    if kid.get("available"):
        lines.append(row("KID", f"{kid['kid']:.4f}", floor_of("kid", "kid", fmt="{:.4f}"), f"± {kid['kid_std']:.4f}"))
    else:
        lines.append(row("KID", "unavailable", "", f"({kid['reason']})"))
    lines += [
        row("sharpness", f"{spectrum['sharpness']:.2f}", floor_of("spectrum", "sharpness"), "upper-half spectral power / data's (1 = as sharp; < 1 blurred)"),
        row("upsampling artefacts", f"{spectrum['artefacts']:.2f}", floor_of("spectrum", "artefacts"), "spectral peaks at 2/4/8 px periods vs the data's (1 = as clean; 2 = twice or half)"),
        row("MS-SSIM of pairs", f"{div['ms_ssim_generated']:.3f}", f"{div['ms_ssim_real']:.3f}", "higher = less diverse (floor: real pairs)"),
        row("memorised share", f"{mem['memorised_share']:.1%}", floor_of("memorisation", "memorised_share", fmt="{:.1%}"), f"closer than the closest real pair, {mem['closest_real_pair']:.3f}"),
        row("nearest-neighbour ratio", f"{mem['nn_ratio']:.2f}", floor_of("memorisation", "nn_ratio"), "1 = as spread as the data"),
    ]
    if attributes.get("available", True):
        tv = attributes["attribute_tv"]
        if tv is None:
            lines.append(row("attribute TV distance", "n/a", "", "no attribute is read reliably enough"))
        else:
            lines.append(row("attribute TV distance", f"{tv:.3f}", floor_of("attributes", "attribute_tv", fmt="{:.3f}"), "0 = same frequencies as the data"))
        for name, entry in attributes["attributes"].items():
            real, generated = entry["real"], entry["generated"]
            if isinstance(real, float):
                shown, floor_shown = f"{generated:.2f}", floor_of("attributes", "attributes", name, "generated")
                note = f"share; the data: {real:.2f}"
            else:
                shown, floor_shown, note = f"TV {entry['tv']:.3f}", floor_of("attributes", "attributes", name, "tv", fmt="TV {:.3f}"), ""
            if not entry["reliable"]:
                note += "  (classifier unreliable: left out)"
            lines.append(row(f"  {name}", shown, floor_shown, note))
    else:
        lines.append(row("attribute coverage", "unavailable", "", f"({attributes['reason']})"))
    if "closest_pairs_png" in result:
        lines.append(row("closest pairs", "", "", result["closest_pairs_png"]))
    return "\n".join(lines)


class QualityTracker(keras.callbacks.Callback):
    """Measures the averaged generator every ``every_kimg`` thousand images during training.

    Adds ``swd``, ``sharpness``, ``artefacts``, ``ms_ssim``,
    ``memorised_share``, ``nn_ratio`` and (with a classifier)
    ``attribute_tv`` to the logs of the epoch in which the mark is passed, and
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
        self._epoch_start_images = images_seen(self.model)

    def on_epoch_end(self, epoch, logs=None):
        count = images_seen(self.model)
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
            values["attribute_tv"] = attribute_coverage(self.classifier, self.real, images)["attribute_tv"]
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
