import numpy as np
import pytest
import tensorflow_datasets as tfds

from implementor_tf.data import portraits as portraits_module
from implementor_tf.data.portraits import DataSourceError, load_portraits
from implementor_tf.pictures import to_uint8


def test_synthetic_batches_are_float_images_in_unit_range():
    portraits = load_portraits("synthetic", image_size=32, n=40, seed=0)
    assert portraits.count == 40 and portraits.attributes["glasses"].shape == (40,)
    batches = list(portraits.batches(16, seed=0))
    assert len(batches) == 2  # The last, partial batch is dropped: every batch is full.
    batch = batches[0].numpy()
    assert batch.shape == (16, 32, 32, 3) and batch.dtype == np.float32
    assert batch.min() >= -1.0 and batch.max() <= 1.0 and batch.min() < -0.5 and batch.max() > 0.5


def test_batches_are_shuffled_and_round_trip_to_uint8():
    portraits = load_portraits("synthetic", image_size=32, n=32, seed=0)
    original = portraits.numpy()
    shuffled = np.concatenate([batch.numpy() for batch in portraits.batches(8, seed=1)])
    assert not np.array_equal(to_uint8(shuffled), original)
    # Same images, other order.
    assert sorted(map(bytes, to_uint8(shuffled))) == sorted(map(bytes, original))


def test_batch_larger_than_data_set_is_a_clear_error():
    portraits = load_portraits("synthetic", image_size=32, n=10)
    with pytest.raises(ValueError, match="batch size 32 is larger than the 10 images"):
        portraits.batches(32)


def test_lfw_gives_the_100_faces_as_rgb():
    portraits = load_portraits("lfw", image_size=32)
    images = portraits.numpy()
    assert images.shape == (100, 32, 32, 3)
    np.testing.assert_array_equal(images[..., 0], images[..., 2])  # Grayscale turned RGB.
    assert images.std() > 20


@pytest.mark.parametrize("size", [16, 256])
def test_image_size_out_of_range(size):
    with pytest.raises(ValueError, match="between 32 and 128"):
        load_portraits("synthetic", image_size=size)


def test_unknown_source_names_the_choices(tmp_path):
    with pytest.raises(ValueError, match="synthetic.*lfw.*folder"):
        load_portraits(str(tmp_path / "missing"))


def test_tfds_source_with_mock_data():
    with tfds.testing.mock_data(num_examples=12):
        portraits = load_portraits("tfds:celeb_a", image_size=32)
        batch = next(iter(portraits.batches(4, seed=0))).numpy()
    assert batch.shape == (4, 32, 32, 3)
    assert -1.0 <= batch.min() and batch.max() <= 1.0
    assert "celeb_a" in portraits.description


def test_tfds_offline_error_names_the_offline_sources(monkeypatch):
    def no_network(*args, **kwargs):
        raise ConnectionError("could not reach the download server")

    monkeypatch.setattr(tfds, "load", no_network)
    with pytest.raises(DataSourceError, match="needs a network.*'synthetic', 'lfw' or a folder"):
        portraits_module.load_portraits("tfds:celeb_a")


def test_floor_samples_of_a_fixed_data_set_are_its_two_halves():
    from implementor_tf.data.portraits import floor_samples, load_portraits
    from implementor_tf.pictures import from_uint8

    portraits = load_portraits("lfw", 32, n=10)
    images = from_uint8(portraits.numpy())
    reference, second, description = floor_samples(images, "lfw")
    np.testing.assert_array_equal(reference, images[:5])
    np.testing.assert_array_equal(second, images[5:10])
    assert "two halves" in description


def test_floor_samples_of_synthetic_portraits_are_new_portraits():
    from implementor_tf.data.portraits import floor_samples, load_portraits
    from implementor_tf.pictures import from_uint8

    portraits = load_portraits("synthetic", 32, n=16)
    reference, second, _ = floor_samples(from_uint8(portraits.numpy()), "synthetic")
    np.testing.assert_array_equal(reference, from_uint8(portraits.numpy()))
    assert second.shape == reference.shape
    distances = np.abs(reference[:, None] - second[None]).sum(axis=(2, 3, 4))
    assert distances.min() > 0  # None of them is a training portrait.


def test_too_few_images_for_a_floor_say_so_instead_of_failing():
    from implementor_tf.data.portraits import floor_samples
    from implementor_tf.pictures import from_uint8

    portraits = load_portraits("lfw", 32, n=3)
    reference, second, description = floor_samples(from_uint8(portraits.numpy()), "lfw")
    assert len(reference) == 3 and second is None and "no floor" in description
