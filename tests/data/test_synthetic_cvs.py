from implementor_tf.cv.format import cv_problems
from implementor_tf.data.synthetic_cvs import generate_cvs


def test_two_thousand_varied_deterministic_cvs():
    cvs = generate_cvs(2000, seed=0)
    assert len(cvs) == 2000 and len(set(cvs)) == 2000
    assert cvs == generate_cvs(2000, seed=0)
    assert cvs != generate_cvs(2000, seed=1)
    assert len({cv.splitlines()[1] for cv in cvs}) >= 15  # Many different titles.


def test_every_generated_cv_is_whole_and_non_ascii_letters_occur():
    cvs = generate_cvs(300, seed=2)
    assert all(not cv_problems(cv) for cv in cvs)
    text = "".join(cvs)
    for letter in "æøåéü":
        assert letter in text, letter
