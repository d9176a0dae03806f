import keras
import numpy as np
import pytest

from implementor_tf.face.config import FaceConfig
from implementor_tf.face.discriminator import build_discriminator
from implementor_tf.face.generator import build_generator


def _tiny(**changes) -> FaceConfig:
    """The test budget's networks (8 noise numbers, 4 channels at full size)."""
    return FaceConfig.budget("test", **changes)


@pytest.mark.parametrize("upsampling", ["transpose", "nearest"])
@pytest.mark.parametrize("image_size", [32, 64])
def test_generator_output_shape_and_range(upsampling, image_size):
    generator = build_generator(_tiny(image_size=image_size, max_channels=16, upsampling=upsampling))
    images = generator.predict(np.random.default_rng(0).standard_normal((2, 8)).astype("float32"), verbose=0)
    assert images.shape == (2, image_size, image_size, 3)
    assert np.abs(images).max() <= 1.0


@pytest.mark.parametrize("downsampling", ["average_pool", "strided"])
def test_discriminator_gives_one_logit_per_image(downsampling):
    discriminator = build_discriminator(_tiny(image_size=64, max_channels=16, downsampling=downsampling))
    assert discriminator.predict(np.zeros((3, 64, 64, 3), "float32"), verbose=0).shape == (3, 1)
    kinds = {type(layer).__name__ for layer in discriminator.layers}
    assert ("AveragePooling2D" in kinds) == (downsampling == "average_pool")
    assert {"LeakyReLU", "BatchNormalization"} <= kinds


def test_generator_has_the_articles_layers_and_about_five_blocks():
    generator = build_generator(_tiny(image_size=64, max_channels=256, upsampling="transpose"))
    kinds = [type(layer).__name__ for layer in generator.layers]
    assert kinds.count("Conv2DTranspose") == 4 and "BatchNormalization" in kinds and "LeakyReLU" in kinds


def test_config_round_trip_gives_the_same_architecture():
    generator = build_generator(_tiny())
    clone = keras.Model.from_config(generator.get_config())
    assert [layer.name for layer in clone.layers] == [layer.name for layer in generator.layers]
    assert clone.count_params() == generator.count_params()


@pytest.mark.parametrize("bad", [{"image_size": 48}, {"upsampling": "bicubic"}, {"normalization": "layer"}, {"downsampling": "max_pool"}])
def test_bad_network_settings_are_refused_by_the_config(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        _tiny(**bad)


def test_minibatch_stddev_shows_how_much_a_batch_differs():
    import numpy as np

    from implementor_tf.face.discriminator import MinibatchStdDev

    same = np.ones((8, 4, 4, 3), "float32")
    varied = np.random.default_rng(0).normal(size=(8, 4, 4, 3)).astype("float32")
    spread_same = np.asarray(MinibatchStdDev()(same))[..., -1]
    spread_varied = np.asarray(MinibatchStdDev()(varied))[..., -1]
    assert spread_same.max() < 1e-3 < 0.5 < spread_varied.min()  # A collapsed batch is visible.


@pytest.mark.parametrize("normalization, generator_bn, discriminator_bn", [("batch", True, True), ("generator", True, False), ("none", False, False)])
def test_normalization_names_the_networks_that_get_batch_norm(normalization, generator_bn, discriminator_bn):
    has_bn = lambda model: any(isinstance(layer, keras.layers.BatchNormalization) for layer in model.layers)
    config = _tiny(normalization=normalization)
    assert has_bn(build_generator(config)) == generator_bn
    assert has_bn(build_discriminator(config)) == discriminator_bn
