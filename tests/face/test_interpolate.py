import imageio.v3 as iio
import numpy as np
import pytest

from implementor_tf.face.config import FaceConfig
from implementor_tf.face.generator import build_generator
from implementor_tf.face.interpolate import latent_path, slerp, write_latent_walk


def test_the_path_visits_each_key_face_and_closes_the_loop():
    path = latent_path(n_faces=4, steps=6, latent_dim=16, seed=3)
    keys = path[::6]
    assert path.shape == (24, 16) and len({tuple(key) for key in keys}) == 4
    # Each step is small beside the distance between key faces, including the step back to the start.
    steps = np.linalg.norm(np.diff(np.concatenate([path, path[:1]]), axis=0), axis=1)
    assert steps.max() < 0.6 * np.linalg.norm(keys[0] - keys[1])
    np.testing.assert_array_equal(path, latent_path(4, 6, 16, seed=3))
    assert not np.array_equal(path, latent_path(4, 6, 16, seed=4))


def test_slerp_keeps_points_on_the_shell_where_training_noise_lies():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 128))
    halfway_slerp = slerp(a, b, np.array([0.5]))[0]
    halfway_line = (a + b) / 2
    shell = (np.linalg.norm(a) + np.linalg.norm(b)) / 2
    assert abs(np.linalg.norm(halfway_slerp) - shell) < 1e-6
    assert np.linalg.norm(halfway_line) < 0.8 * shell  # A straight line cuts through the inside.


def test_a_walk_is_written_as_a_looping_gif(tmp_path):
    generator = build_generator(FaceConfig.budget("test"))
    path = write_latent_walk(generator, tmp_path / "walk.gif", n_faces=3, steps=5, seed=1, scale=2)
    frames = iio.imread(path, index=None)
    assert frames.shape[:3] == (15, 64, 64)
    assert not (tmp_path / "walk.gif.tmp").exists()


def test_a_walk_needs_two_faces():
    with pytest.raises(ValueError, match="at least 2 faces"):
        latent_path(n_faces=1)
