"""All face metrics at once, for a pair of image sets, and their table.

``evaluate_images`` measures generated images against real ones: sliced
Wasserstein distance, KID (when its network loads), diversity, memorisation
and, for labelled synthetic portraits, attribute coverage; ``format_table``
prints the result beside the data's floor. Measuring a run folder
(``implementor face eval``) and measuring during training live beside the
model, in ``implementor_tf.face.evaluate``.

Example (two sets of real portraits, so everything reads "alike"):

>>> from implementor_tf.data.synthetic_portraits import draw_portraits
>>> from implementor_tf.pictures import from_uint8
>>> real = from_uint8(draw_portraits(64, image_size=32, seed=0)[0])
>>> other = from_uint8(draw_portraits(64, image_size=32, seed=1)[0])
>>> result = evaluate_images(real, other, kid=False)
>>> result["memorisation"]["memorised_share"], result["kid"]["available"]
(0.0, False)
"""

from __future__ import annotations

import numpy as np

from implementor_tf.metrics.attributes import AttributeClassifier, attribute_coverage
from implementor_tf.metrics.diversity import diversity
from implementor_tf.metrics.kid import kernel_inception_distance
from implementor_tf.metrics.memorisation import closest_pairs_picture, memorisation
from implementor_tf.metrics.spectrum import spectral_ratios
from implementor_tf.metrics.swd import sliced_wasserstein_distance
from implementor_tf.pictures import save_png

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


def format_table(result: dict) -> str:
    """A readable summary of ``evaluate_images`` output (or a run's evaluation), beside the data's floor."""
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
