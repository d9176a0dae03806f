"""Sharpness and upsampling artefacts, read from the images' power spectra.

A blurred generator loses the fine detail of its data; a generator that
upsamples with stride-2 transposed convolutions leaves a faint checkerboard
(Odena et al., 2016, "Deconvolution and checkerboard artifacts"), and
upsampling layers in general distort the top of the spectrum (Durall et al.,
2020, "Watch your up-convolution"). Both show in the radially averaged power
spectrum: the mean squared magnitude of the 2-D Fourier transform of each
(grey-level) image, averaged over all frequencies at the same distance from
zero.

Two ratios compare generated images with real ones, so 1.0 means "like the
data" whatever the data is:

- ``sharpness``: power in the upper half of the frequency range (from a
  quarter of the sampling rate to the Nyquist frequency), generated / real.
  Below 1 the faces are blurred, above 1 they carry noise the data lacks.
- ``artefacts``: how far the spectrum departs from the data's at the
  frequencies where a stack of 2x upsamplers leaves its patterns: periods of
  2 pixels (the checkerboard of stride-2 transposed convolutions, at the
  Nyquist frequency), 4 and 8 pixels (the grids of the earlier layers). At
  each such frequency the power of the spectrum's lines there (horizontal and
  vertical) is divided by the power of the neighbouring lines, and that peak
  is compared with the data's own. A checkerboard raises the peak; the
  blockiness of nearest-neighbour upsampling lowers it (its 2x2 blocks carry
  no power at Nyquist). ``artefacts`` is the ratio farthest from 1, folded
  above 1 (a peak half the data's counts as 2), so 1 is "like the data" and 2
  a pattern twice or half as strong. Blur lowers a line and its neighbours
  alike, so it barely moves this measure.

Example (two samples of the same noise are alike):

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> a, b = rng.uniform(-1, 1, (2, 64, 32, 32, 3)).astype("float32")
>>> result = spectral_ratios(a, b)
>>> 0.9 < result["sharpness"] < 1.1, 0.9 < result["artefacts"] < 1.1
(True, True)
"""

from __future__ import annotations

import numpy as np

LUMA = np.array([0.299, 0.587, 0.114], np.float32)  # ITU-R BT.601 grey level.


def power_spectrum(images) -> np.ndarray:
    """Mean 2-D power spectrum of the grey-level images ``(n, size, size, 3)``, zero frequency at the centre."""
    grey = np.asarray(images, np.float32) @ LUMA
    grey = grey - grey.mean(axis=(1, 2), keepdims=True)  # The mean colour is not detail.
    transformed = np.fft.fftshift(np.fft.fft2(grey), axes=(1, 2))
    return np.mean(np.abs(transformed) ** 2, axis=0) / grey[0].size


def _radius(size: int) -> np.ndarray:
    frequencies = np.arange(size) - size // 2
    return np.hypot(*np.meshgrid(frequencies, frequencies, indexing="ij"))


def radial_profile(spectrum: np.ndarray) -> np.ndarray:
    """Power averaged over rings of equal frequency, from 0 to the Nyquist frequency (``size // 2 + 1`` values)."""
    size = spectrum.shape[0]
    ring = np.round(_radius(size)).astype(int)
    inside = ring <= size // 2
    totals = np.bincount(ring[inside], weights=spectrum[inside], minlength=size // 2 + 1)
    counts = np.bincount(ring[inside], minlength=size // 2 + 1)
    return totals / np.maximum(counts, 1)


ARTEFACT_PERIODS = (2, 4, 8)  # Pixels: the patterns of the last three 2x upsamplers.


def _line_power(spectrum: np.ndarray, frequency: int) -> float:
    """Mean power on the horizontal and vertical lines of the spectrum at ``frequency`` cycles per image."""
    size = spectrum.shape[0]
    frequencies = np.abs(np.arange(size) - size // 2)
    on_line = (frequencies[:, None] == frequency) | (frequencies[None, :] == frequency)
    return float(spectrum[on_line].mean())


def line_peaks(spectrum: np.ndarray) -> dict[int, float]:
    """For each period of ``ARTEFACT_PERIODS``: power on its lines / power on the neighbouring lines."""
    size = spectrum.shape[0]
    peaks = {}
    for period in ARTEFACT_PERIODS:
        frequency = size // period
        if frequency < 2:
            continue
        neighbours = [frequency - 1] + ([frequency + 1] if frequency < size // 2 else [])
        peaks[period] = _line_power(spectrum, frequency) / float(np.mean([_line_power(spectrum, f) for f in neighbours]))
    return peaks


def spectral_ratios(real, generated) -> dict:
    """``sharpness`` and ``artefacts`` of ``generated`` relative to ``real`` (1.0: like the data).

    Args:
        real: array ``(n, size, size, 3)`` in [-1, 1].
        generated: array ``(m, size, size, 3)`` of the same size.

    Returns:
        ``{"sharpness": ..., "artefacts": ..., "peaks": {period: ratio},
        "profile_real": [...], "profile_generated": [...]}``; ``peaks`` holds
        the generated/real peak ratio per period in pixels, and the profiles
        are the radially averaged power spectra, for plotting.
    """
    real_spectrum, generated_spectrum = power_spectrum(real), power_spectrum(generated)
    size = real_spectrum.shape[0]
    upper_half = _radius(size) >= size / 4
    real_peaks, generated_peaks = line_peaks(real_spectrum), line_peaks(generated_spectrum)
    # Floored at 1e-3: exact 2x2 blocks have no power at all at Nyquist.
    peaks = {period: round(max(float(generated_peaks[period] / real_peaks[period]), 1e-3), 3) for period in real_peaks}
    return {
        "sharpness": round(float(generated_spectrum[upper_half].sum() / real_spectrum[upper_half].sum()), 3),
        "artefacts": round(float(max(max(ratio, 1 / ratio) for ratio in peaks.values())), 3),
        "peaks": {f"{period}px": ratio for period, ratio in peaks.items()},
        "profile_real": radial_profile(real_spectrum).round(6).tolist(),
        "profile_generated": radial_profile(generated_spectrum).round(6).tolist(),
    }
