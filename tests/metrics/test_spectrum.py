import numpy as np
from scipy import ndimage

from implementor_tf.data.synthetic_portraits import draw_portraits
from implementor_tf.metrics.spectrum import radial_profile, spectral_ratios
from implementor_tf.pictures import from_uint8


def _portraits(seed, n=200):
    return from_uint8(draw_portraits(n, image_size=32, seed=seed)[0])


def test_a_second_sample_of_the_data_scores_about_one():
    result = spectral_ratios(_portraits(0), _portraits(1))
    assert 0.9 < result["sharpness"] < 1.1
    assert 1.0 <= result["artefacts"] < 1.25


def test_blur_lowers_sharpness():
    real, other = _portraits(0), _portraits(1)
    blurred = ndimage.gaussian_filter(other, sigma=(0, 1, 1, 0))
    assert spectral_ratios(real, blurred)["sharpness"] < 0.5


def test_a_faint_checkerboard_is_caught():
    real, other = _portraits(0), _portraits(1)
    rows, columns = np.indices((32, 32))
    pattern = np.where((rows + columns) % 2 == 0, 0.05, -0.05).astype("float32")[None, :, :, None]
    result = spectral_ratios(real, other + pattern)
    assert result["artefacts"] > 3 and result["peaks"]["2px"] > 3
    assert abs(result["sharpness"] - spectral_ratios(real, other)["sharpness"]) < 0.3  # Only the top frequencies change much.


def test_radial_profile_of_a_flat_spectrum_is_flat():
    profile = radial_profile(np.ones((16, 16)))
    assert len(profile) == 9 and np.allclose(profile, 1.0)


def test_blocky_nearest_neighbour_upsampling_counts_as_an_artefact_and_blur_does_not():
    real, other = _portraits(0), _portraits(1)
    small = other[:, ::2, ::2]
    blocky = small.repeat(2, axis=1).repeat(2, axis=2)  # Each pixel a 2x2 block: no power left at Nyquist.
    result = spectral_ratios(real, blocky)
    assert result["peaks"]["2px"] < 0.5 and result["artefacts"] > 2
    blurred = ndimage.gaussian_filter(other, sigma=(0, 1, 1, 0))
    assert spectral_ratios(real, blurred)["artefacts"] < 1.3
