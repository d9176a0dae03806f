import numpy as np
import pytest

from implementor_tf.data.synthetic_portraits import draw_portraits
from implementor_tf.metrics.attributes import (
    ATTRIBUTE_CLASSES,
    AttributeClassifier,
    attribute_coverage,
)
from implementor_tf.pictures import from_uint8


@pytest.fixture(scope="module")
def classifier():
    return AttributeClassifier.train(image_size=32, n=1200, epochs=4)


@pytest.fixture(scope="module")
def real():
    return from_uint8(draw_portraits(200, image_size=32, seed=3)[0])


def test_the_classifier_reads_the_clear_attributes(classifier):
    for name in ("long_hair", "shirt_colour", "background"):  # Glasses and tones need more training.
        assert classifier.accuracy[name] > 0.85, (name, classifier.accuracy)


def test_identical_sets_have_identical_frequencies(classifier, real):
    result = attribute_coverage(classifier, real, real)
    assert result["attribute_tv"] == 0.0
    assert set(result["attributes"]) == set(ATTRIBUTE_CLASSES)


def test_a_collapsed_generator_covers_the_attributes_badly(classifier, real):
    other = from_uint8(draw_portraits(200, image_size=32, seed=4)[0])
    collapsed = np.repeat(other[:1], 200, axis=0)
    fair = attribute_coverage(classifier, real, other)
    bad = attribute_coverage(classifier, real, collapsed)
    assert bad["attribute_tv"] > 0.4
    assert fair["attribute_tv"] < 0.1
    # One face has one shirt colour: every other colour is missing.
    assert max(bad["attributes"]["shirt_colour"]["generated"]) == 1.0


def test_unreliable_attributes_are_listed_but_left_out_of_the_mean(classifier, real):
    weak = AttributeClassifier(classifier.network, {**classifier.accuracy, "glasses": 0.5})
    other = from_uint8(draw_portraits(200, image_size=32, seed=4)[0])
    result = attribute_coverage(weak, real, other)
    assert result["attributes"]["glasses"]["reliable"] is False
    reliable = [entry["tv"] for entry in result["attributes"].values() if entry["reliable"]]
    assert result["attribute_tv"] == pytest.approx(np.mean(reliable), abs=1e-4)
