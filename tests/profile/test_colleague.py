"""Colleagues from the quick demo's trained runs."""

import numpy as np
import pytest

from implementor_tf.cv.format import cv_problems
from implementor_tf.data.synthetic_cvs import FIRST_NAMES
from implementor_tf.face.config import FaceConfig
from implementor_tf.profile.colleague import ColleagueMaker, choose_cv, make_profile


@pytest.fixture(scope="module")
def maker(quick_demo):
    return ColleagueMaker(quick_demo / "face", quick_demo / "cv")


def test_same_seed_same_colleague(maker, quick_demo):
    first, again = maker.make(5), make_profile(quick_demo / "face", quick_demo / "cv", seed=5)
    assert (first.name, first.text) == (again.name, again.text)
    np.testing.assert_array_equal(first.face, again.face)


def test_other_seeds_other_faces_and_cvs(maker):
    colleagues = [maker.make(seed) for seed in (0, 1, 2)]
    faces = [colleague.face for colleague in colleagues]
    assert not np.array_equal(faces[0], faces[1]) and not np.array_equal(faces[1], faces[2])
    assert len({colleague.text for colleague in colleagues}) == 3


def test_the_face_is_enlarged_from_the_generator(maker):
    colleague = maker.make(0)
    assert colleague.face.shape == (256, 256, 3) and colleague.face.dtype == np.uint8
    assert maker.face(0).shape == (32, 32, 3)  # The test demo's generator size.


def test_one_name_on_the_card_and_in_the_cv(maker):
    for seed in range(4):
        colleague = maker.make(seed)
        header_name = colleague.cv.header.get("Name")
        assert colleague.name == (header_name or f"Colleague {seed}")
        first = colleague.name.split()[0]
        body = "\n".join(colleague.cv.sections.values()).split()
        assert [word for word in body if word in FIRST_NAMES and word != first] == []


def test_the_first_complete_candidate_is_chosen():
    from implementor_tf.data.synthetic_cvs import generate_cvs

    whole = generate_cvs(2, seed=0)
    broken = "Name: Ada\n\nProfile\nAda."
    assert choose_cv([broken, whole[0], whole[1]]) == whole[0]
    assert choose_cv([broken, "nothing"]) == broken  # Fewest problems when none is whole.
    assert len(cv_problems(broken)) < len(cv_problems("nothing"))


def test_sources_name_the_runs_and_checkpoints(maker, quick_demo):
    face, cv = maker.sources["face"], maker.sources["cv"]
    assert face["run"] == str((quick_demo / "face").resolve())
    assert face["checkpoint"] and face["images_seen"] >= FaceConfig.budget("test").kimg * 1000  # The demo's test budget.
    assert cv["model"] == "tiny" and cv["epoch"] >= 1 and cv["val_loss"] > 0
