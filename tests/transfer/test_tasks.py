import numpy as np
import pytest

from implementor_tf.data.portraits import lfw_subset_rgb
from implementor_tf.data.synthetic_portraits import draw_portraits
from implementor_tf.pictures import from_uint8
from implementor_tf.transfer.tasks import TASK_SEED, load_task


def test_an_attribute_task_is_balanced_and_split_once():
    task = load_task("tie", image_size=32, per_class_pool=12, per_class_holdout=8)
    assert task.class_names == ("no tie", "tie")
    assert np.bincount(task.labels[task.pool]).tolist() == [12, 12]
    assert np.bincount(task.labels[task.holdout]).tolist() == [8, 8]
    assert not np.intersect1d(task.pool, task.holdout).size
    assert task.chance == 0.5
    assert task.images.dtype == np.float32 and task.images.min() >= -1 and task.images.max() <= 1


def test_attribute_labels_belong_to_their_images():
    task = load_task("glasses", image_size=32, per_class_pool=4, per_class_holdout=4)
    drawn, attributes = draw_portraits(500, image_size=32, seed=TASK_SEED)
    first_with_glasses = drawn[np.flatnonzero(attributes["glasses"] == 1)[0]]
    position = np.flatnonzero(task.labels == 1)[0]
    assert np.array_equal(task.images[position], from_uint8(first_with_glasses))


def test_multi_class_attributes_have_one_class_per_palette_entry():
    task = load_task("background", image_size=32, per_class_pool=3, per_class_holdout=2)
    assert len(task.class_names) == 6 and task.chance == pytest.approx(1 / 6)


def test_face_vs_nonface_holds_out_the_second_half_of_each_class():
    task = load_task("face_vs_nonface", image_size=32)
    assert task.holdout.tolist() == list(range(50, 100)) + list(range(150, 200))
    assert task.labels[:100].tolist() == [1] * 100 and task.labels[100:].tolist() == [0] * 100
    assert np.array_equal(task.images, from_uint8(lfw_subset_rgb(32)))


def test_unknown_tasks_are_named():
    with pytest.raises(ValueError, match="face_vs_nonface"):
        load_task("sunglasses")
