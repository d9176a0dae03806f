from implementor_tf.data.synthetic_cvs import generate_cvs
from implementor_tf.metrics.text import distinct_n, novelty


def test_distinct_n_counts_unique_ngrams():
    assert distinct_n(["the cat the cat"], 1) == 0.5
    assert distinct_n(["one two three"], 2) == 1.0
    assert distinct_n(["one"], 2) == 0.0


def test_a_copied_cv_is_not_novel_and_new_cvs_are():
    training = generate_cvs(200, seed=0)
    fresh = generate_cvs(20, seed=1)
    copied = training[42]
    report = novelty(fresh + [copied], training)
    assert report["overlap"][-1] == 1.0 and report["closest"][-1] == 42
    assert report["worst"] == {"overlap": 1.0, "generated": copied, "training": copied}
    assert report["novel_share"] == round(20 / 21, 4)  # Template phrases are shared, whole CVs are not.


def test_a_cv_stitched_from_two_training_cvs_is_judged_by_the_larger_part():
    training = generate_cvs(50, seed=0)
    first, second = training[0].split("\n\n"), training[1].split("\n\n")
    stitched = "\n\n".join(first[:3] + second[3:])
    report = novelty([stitched], training)
    assert report["closest"][0] in (0, 1)
    assert 0.2 < report["overlap"][0] < 1.0
