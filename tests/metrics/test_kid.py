import numpy as np

from implementor_tf.metrics import kid as kid_module
from implementor_tf.metrics.kid import FeatureExtractorUnavailable, kernel_inception_distance, kid_from_features


def test_same_distribution_is_near_zero_and_a_shift_is_not():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(400, 16))
    same = kid_from_features(real, rng.normal(size=(400, 16)), subsets=20, subset_size=200)
    shifted = kid_from_features(real, rng.normal(0.5, 1.0, size=(400, 16)), subsets=20, subset_size=200)
    assert abs(same["kid"]) < 3 * same["kid_std"] + 1e-3
    assert shifted["kid"] > 10 * (abs(same["kid"]) + same["kid_std"])
    assert same["subset_size"] == 200


def test_the_feature_extractor_is_pluggable():
    images = np.random.default_rng(0).uniform(-1, 1, (40, 8, 8, 3)).astype(np.float32)
    calls = []

    def mean_colour(batch):
        calls.append(len(batch))
        return batch.mean(axis=(1, 2))

    result = kernel_inception_distance(images, images[::-1] * 0.2 + 0.5, extractor=mean_colour, subsets=5)
    assert result["available"] and calls == [40, 40]
    assert result["kid"] > 0


def test_unloadable_network_is_reported_not_replaced(monkeypatch):
    def offline():
        raise FeatureExtractorUnavailable("InceptionV3 ImageNet weights could not be loaded: URL fetch failure")

    monkeypatch.setattr(kid_module, "inception_extractor", offline)
    images = np.zeros((4, 8, 8, 3), np.float32)
    result = kernel_inception_distance(images, images)
    assert result == {"available": False, "reason": "InceptionV3 ImageNet weights could not be loaded: URL fetch failure"}


def test_inception_path_resizes_and_batches(monkeypatch):
    import keras

    def small_network(**settings):
        assert settings["weights"] == "imagenet" and settings["pooling"] == "avg"
        inputs = keras.Input(settings["input_shape"])
        return keras.Model(inputs, keras.layers.GlobalAveragePooling2D()(inputs))

    monkeypatch.setattr(keras.applications, "InceptionV3", small_network)
    extractor = kid_module.inception_extractor(batch_size=4)
    images = np.random.default_rng(0).uniform(-1, 1, (10, 16, 16, 3)).astype(np.float32)
    features = extractor(images)
    assert features.shape == (10, 3)
    np.testing.assert_allclose(features, images.mean(axis=(1, 2)), atol=0.05)  # Resizing keeps the mean colour.
