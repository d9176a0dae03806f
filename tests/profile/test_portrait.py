import base64
import io

import numpy as np
from PIL import Image

from implementor_tf.profile.portrait import png_data_uri, upscale


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
