from implementor_tf.cv.format import cv_problems, is_valid_cv, parse_cv
from implementor_tf.data.synthetic_cvs import generate_cvs


def test_a_generated_cv_parses_into_all_parts():
    text = generate_cvs(1, seed=5)[0]
    cv = parse_cv(text)
    assert set(cv.header) == {"Name", "Title", "Location"}
    assert list(cv.sections) == ["Profile", "Experience", "Education", "Skills", "Languages"]
    assert " | " in cv.sections["Experience"] and is_valid_cv(text)


def test_missing_empty_and_out_of_order_parts_are_named():
    text = generate_cvs(1, seed=5)[0]
    assert "missing section Skills" in cv_problems(text.replace("\nSkills\n", "\nAbilities\n"))
    truncated = text[: text.index("Languages") + len("Languages")]
    assert "empty section Languages" in cv_problems(truncated)
    swapped = text.replace("Education", "TMP").replace("Skills", "Education").replace("TMP", "Skills")
    assert any("out of order" in problem for problem in cv_problems(swapped))
    assert cv_problems("Profile\nNo header at all")[:3] == [
        "missing header field Name", "missing header field Title", "missing header field Location"
    ]
