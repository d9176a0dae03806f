import numpy as np
import pytest

from implementor_tf.face.config import FaceConfig
from implementor_tf.face.discriminator import build_discriminator
from implementor_tf.face.sample import load_discriminator
from implementor_tf.transfer.trunk import block_names, discriminator_trunk, random_trunk


def test_the_loaded_discriminator_is_the_trained_one(tiny_face_run):
    discriminator, config, path = load_discriminator(tiny_face_run.run_dir)
    assert config.image_size == 32 and path.name == "discriminator.keras"
    trained = tiny_face_run.gan.discriminator.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(discriminator.get_weights(), trained))
    fresh = build_discriminator(config)
    assert not all(np.array_equal(a, b) for a, b in zip(fresh.get_weights(), trained))


def test_a_folder_without_a_run_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a face run"):
        load_discriminator(tmp_path)
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(FileNotFoundError, match="discriminator.keras does not exist"):
        load_discriminator(tmp_path)


@pytest.mark.parametrize("downsampling", ["average_pool", "strided"])
def test_the_trunk_ends_at_the_chosen_block_and_shares_weights(downsampling):
    discriminator = build_discriminator(FaceConfig.budget("test", image_size=64, max_channels=16, downsampling=downsampling))
    assert block_names(discriminator) == ["down64", "down32", "down16", "down8"]
    assert discriminator_trunk(discriminator).output_shape == (None, 4, 4, 16)
    trunk = discriminator_trunk(discriminator, "down32")
    assert trunk.output_shape == (None, 16, 16, 8)
    assert trunk.layers[1] is discriminator.layers[1]
    with pytest.raises(ValueError, match="down64"):
        discriminator_trunk(discriminator, "down4")


def test_the_random_trunk_has_the_same_architecture_and_new_weights():
    trunk = discriminator_trunk(build_discriminator(FaceConfig.budget("test")))
    control = random_trunk(trunk, seed=1)
    assert [type(layer) for layer in control.layers] == [type(layer) for layer in trunk.layers]
    assert [w.shape for w in control.weights] == [w.shape for w in trunk.weights]
    kernels = [(a, b) for a, b in zip(control.get_weights(), trunk.get_weights()) if a.ndim == 4]
    assert kernels and all(not np.allclose(a, b) for a, b in kernels)
