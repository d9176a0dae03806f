"""Procedurally drawn consultant portraits: the offline default face data.

Every portrait is a head-and-shoulders picture drawn from simple shapes
(ellipses, bands and rings) with randomly chosen attributes: skin tone, hair
colour and length, eyes, brows, mouth, glasses, beard, shirt, collar, tie and
background. The attributes are returned beside the images, so later work can
measure mode coverage ("does the generator draw as many people with glasses as
the data has?") and train classifiers with few labels.

Up to 64 px the drawing happens at twice the requested size and is averaged
down, which gives antialiased edges; larger sizes are drawn directly (their
edges are already fine). Everything is deterministic under the seed.

Example:

>>> images, attributes = draw_portraits(8, image_size=32, seed=1)
>>> images.shape, images.dtype
((8, 32, 32, 3), dtype('uint8'))
>>> sorted(attributes)[:3]
['background', 'beard', 'glasses']
"""

from __future__ import annotations

import numpy as np

# Palettes in RGB 0-255. Index values are what the attribute labels store.
SKIN_TONES = np.array(
    [[255, 224, 196], [241, 194, 160], [224, 172, 125], [198, 134, 92], [141, 85, 54], [92, 56, 38]],
    dtype=np.float32,
)
HAIR_COLOURS = np.array(
    [[25, 20, 20], [70, 45, 30], [125, 80, 45], [220, 185, 110], [170, 70, 30], [165, 165, 170]],
    dtype=np.float32,
)
SHIRT_COLOURS = np.array(
    [[245, 245, 245], [165, 200, 235], [30, 45, 85], [110, 110, 120], [35, 35, 40], [150, 40, 50]],
    dtype=np.float32,
)
BACKGROUND_COLOURS = np.array(
    [[200, 210, 225], [225, 220, 205], [90, 110, 140], [170, 190, 170], [60, 60, 70], [235, 235, 235]],
    dtype=np.float32,
)
EYE_COLOURS = np.array([[60, 40, 25], [70, 110, 160], [80, 120, 70], [40, 30, 25]], dtype=np.float32)
TIE_COLOURS = np.array([[160, 20, 30], [20, 40, 120], [40, 90, 50], [200, 150, 40]], dtype=np.float32)

ATTRIBUTE_NAMES = (
    "glasses",
    "long_hair",
    "smiling",
    "beard",
    "tie",
    "skin_tone",
    "hair_colour",
    "shirt_colour",
    "background",
)
"""Labels returned for every portrait. The first five are binary (0 or 1);
the others are indices into the palettes above."""

BINARY_ATTRIBUTES = ATTRIBUTE_NAMES[:5]
ATTRIBUTE_CLASSES = {
    **{name: 2 for name in BINARY_ATTRIBUTES},
    "skin_tone": len(SKIN_TONES),
    "hair_colour": len(HAIR_COLOURS),
    "shirt_colour": len(SHIRT_COLOURS),
    "background": len(BACKGROUND_COLOURS),
}
"""How many values each attribute takes."""


def _sample_attributes(rng: np.random.Generator) -> dict:
    """Draws the labels and the continuous shape parameters of one portrait."""
    beard = rng.random() < 0.2
    return {
        # Labels.
        "glasses": int(rng.random() < 0.35),
        "long_hair": int(rng.random() < 0.4),
        "smiling": int(rng.random() < 0.5),
        "beard": int(beard),
        "tie": int(rng.random() < 0.3),
        "skin_tone": int(rng.integers(len(SKIN_TONES))),
        "hair_colour": int(rng.integers(len(HAIR_COLOURS))),
        "shirt_colour": int(rng.integers(len(SHIRT_COLOURS))),
        "background": int(rng.integers(len(BACKGROUND_COLOURS))),
        # Shape parameters (not labels).
        "eye_colour": int(rng.integers(len(EYE_COLOURS))),
        "tie_colour": int(rng.integers(len(TIE_COLOURS))),
        "head_x": 0.5 + rng.normal(0, 0.025),
        "head_y": 0.43 + rng.normal(0, 0.02),
        "head_rx": rng.uniform(0.15, 0.2),
        "head_ry": rng.uniform(0.2, 0.25),
        "hairline": rng.uniform(0.25, 0.45),
        "hair_volume": rng.uniform(1.05, 1.25),
        "shoulder_width": rng.uniform(0.38, 0.5),
        "eye_gap": rng.uniform(0.065, 0.085),
        "light": rng.uniform(-0.12, 0.12),
    }


def _ellipse(x, y, cx, cy, rx, ry):
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0


def _draw_one(attrs: dict, size: int, rng: np.random.Generator) -> np.ndarray:
    """Renders one portrait as float RGB in [0, 255] at ``size`` pixels."""
    coords = (np.arange(size, dtype=np.float32) + 0.5) / size
    y, x = np.meshgrid(coords, coords, indexing="ij")
    canvas = np.empty((size, size, 3), np.float32)

    def paint(mask, colour):
        canvas[mask] = colour

    # Background: a soft vertical gradient of the chosen colour.
    background = BACKGROUND_COLOURS[attrs["background"]]
    canvas[:] = background * (1.08 - 0.16 * y)[..., None]

    skin = SKIN_TONES[attrs["skin_tone"]] * (1.0 + attrs["light"])
    hair = HAIR_COLOURS[attrs["hair_colour"]]
    shirt = SHIRT_COLOURS[attrs["shirt_colour"]]
    cx, cy = attrs["head_x"], attrs["head_y"]
    rx, ry = attrs["head_rx"], attrs["head_ry"]

    # Long hair falls behind the head down to the shoulders.
    if attrs["long_hair"]:
        back_hair = _ellipse(x, y, cx, cy + 0.1, rx * 1.35, ry * 1.45) & (y > cy - ry)
        paint(back_hair, hair * 0.92)

    # Shoulders and shirt, then the neck.
    shoulders = _ellipse(x, y, 0.5, 1.12, attrs["shoulder_width"], 0.36)
    paint(shoulders, shirt)
    neck = (np.abs(x - cx) < rx * 0.5) & (y > cy + ry * 0.6) & (y < 0.86)
    paint(neck, skin * 0.85)
    # Open collar: a V of skin with two collar tips of the shirt colour lightened.
    collar_v = (y > 0.78) & (np.abs(x - cx) < (0.93 - y) * 0.45) & shoulders
    paint(collar_v, skin * 0.85)
    collar_tips = shoulders & (y > 0.77) & (y < 0.86) & (np.abs(x - cx) < 0.09) & ~collar_v
    paint(collar_tips, np.minimum(shirt * 1.25 + 30, 255))
    if attrs["tie"]:
        tie = (y > 0.8) & (np.abs(x - cx) < 0.018 + (y - 0.8) * 0.12)
        paint(tie, TIE_COLOURS[attrs["tie_colour"]])

    # Ears, head and the top of the hair.
    for side in (-1, 1):
        paint(_ellipse(x, y, cx + side * rx, cy + 0.01, rx * 0.22, ry * 0.2), skin * 0.93)
    head = _ellipse(x, y, cx, cy, rx, ry)
    paint(head, skin)
    hair_top = _ellipse(x, y, cx, cy - 0.02, rx * attrs["hair_volume"], ry * 1.08)
    hairline_y = cy - ry + attrs["hairline"] * ry
    paint(hair_top & (y < hairline_y), hair)
    if attrs["long_hair"]:
        side_hair = hair_top & (np.abs(x - cx) > rx * 0.8) & (y < cy + ry * 0.3)
        paint(side_hair, hair)

    if attrs["beard"]:
        beard = head & (y > cy + ry * 0.25)
        paint(beard, hair * 0.9)

    # Eyes, irises and brows.
    eye_y = cy - ry * 0.05
    gap = attrs["eye_gap"]
    for side in (-1, 1):
        ex = cx + side * gap
        paint(_ellipse(x, y, ex, eye_y, 0.032, 0.017), np.array([250, 250, 250], np.float32))
        paint(_ellipse(x, y, ex, eye_y, 0.014, 0.014), EYE_COLOURS[attrs["eye_colour"]])
        brow = (np.abs(x - ex) < 0.038) & (np.abs(y - (eye_y - 0.045)) < 0.009)
        paint(brow, hair * 0.8)

    # Nose and mouth.
    paint(_ellipse(x, y, cx, cy + ry * 0.22, 0.018, 0.04), skin * 0.82)
    mouth_y = cy + ry * 0.52
    lips = np.array([170, 70, 70], np.float32)
    if attrs["smiling"]:
        outer = _ellipse(x, y, cx, mouth_y - 0.02, 0.075, 0.05)
        inner = _ellipse(x, y, cx, mouth_y - 0.035, 0.075, 0.05)
        paint(outer & ~inner & (y > mouth_y - 0.02), lips)
    else:
        paint((np.abs(x - cx) < 0.055) & (np.abs(y - mouth_y) < 0.009), lips)

    if attrs["glasses"]:
        frame = np.array([20, 20, 25], np.float32)
        for side in (-1, 1):
            ex = cx + side * gap
            dist = np.sqrt(((x - ex) / 0.05) ** 2 + ((y - eye_y) / 0.04) ** 2)
            paint(np.abs(dist - 1.0) < 0.18, frame)
        bridge = (np.abs(y - eye_y) < 0.006) & (np.abs(x - cx) < gap - 0.045)
        paint(bridge, frame)

    # A little sensor noise so that no two portraits are pixel-identical.
    canvas += rng.normal(0, 3.0, canvas.shape).astype(np.float32)
    return canvas


def draw_portraits(
    n: int = 1000, image_size: int = 64, seed: int = 0
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Draws ``n`` procedural head-and-shoulders portraits.

    Args:
        n: int. Number of portraits.
        image_size: int. Side of the square images in pixels.
        seed: int. The same seed always gives the same portraits.

    Returns:
        A tuple ``(images, attributes)``: ``images`` is a uint8 array of shape
        ``(n, image_size, image_size, 3)``; ``attributes`` maps every name in
        ``ATTRIBUTE_NAMES`` to an int array of shape ``(n,)``.

    Example:

    >>> images, attributes = draw_portraits(4, image_size=32, seed=0)
    >>> attributes["glasses"].shape
    (4,)
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    rng = np.random.default_rng(seed)
    supersample = 2 if image_size <= 64 else 1
    render = image_size * supersample
    images = np.empty((n, image_size, image_size, 3), np.uint8)
    labels = {name: np.empty(n, np.int32) for name in ATTRIBUTE_NAMES}
    for i in range(n):
        attrs = _sample_attributes(rng)
        big = _draw_one(attrs, render, rng)
        small = big.reshape(image_size, supersample, image_size, supersample, 3).mean(axis=(1, 3))
        images[i] = np.clip(np.rint(small), 0, 255).astype(np.uint8)
        for name in ATTRIBUTE_NAMES:
            labels[name][i] = attrs[name]
    return images, labels
