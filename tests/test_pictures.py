import base64
import io

import numpy as np
import pytest
from PIL import Image

from implementor_tf.pictures import (
    from_uint8,
    png_data_uri,
    save_png,
    to_uint8,
    upscale,
)


@pytest.fixture
def face():
    """A 32 px face-sized gradient, uint8."""
    ramp = np.linspace(0, 255, 32, dtype=np.uint8)
    return np.stack([np.tile(ramp, (32, 1)), np.tile(ramp[:, None], (1, 32)), np.full((32, 32), 128, np.uint8)], axis=-1)


def test_uint8_conversions_invert_each_other(face):
    assert np.array_equal(to_uint8(from_uint8(face)), face)


def test_save_png_writes_the_picture_enlarged_and_leaves_no_temporary_file(face, tmp_path):
    save_png(face, tmp_path / "face.png", scale=2)
    assert np.asarray(Image.open(tmp_path / "face.png")).shape == (64, 64, 3)
    assert [path.name for path in tmp_path.iterdir()] == ["face.png"]


def test_upscale_makes_a_smooth_square_of_the_asked_size(face):
    large = upscale(face, 128)
    assert large.shape == (128, 128, 3) and large.dtype == np.uint8
    # Lanczos interpolates: a smooth ramp stays smooth instead of 4-pixel steps.
    assert len(np.unique(large[0, :, 0])) > 64
    assert upscale(large, 128) is large


def test_data_uri_decodes_to_the_same_pixels(face):
    uri = png_data_uri(face)
    assert uri.startswith("data:image/png;base64,")
    decoded = np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))))
    np.testing.assert_array_equal(decoded, face)
