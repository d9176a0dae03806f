from implementor_tf.profile.names import harmonise_first_names

CV = "Name: Ada Jensen\nTitle: Consultant\nLocation: Oslo, Norway\n\nProfile\nAnders likes hard problems. Colleagues value Åse and Anders.\n"


def test_other_first_names_in_the_body_become_the_header_name():
    text, changes = harmonise_first_names(CV, "Ada Jensen")
    assert "Ada likes hard problems. Colleagues value Ada and Ada." in text
    assert sorted(changes) == ["Anders -> Ada", "Åse -> Ada"]


def test_the_header_is_never_edited():
    text = "Name: Ada Jensen\nTitle: Anders Consulting\n\nProfile\nAnders."
    fixed, _ = harmonise_first_names(text, "Ada Jensen")
    assert fixed.splitlines()[:2] == ["Name: Ada Jensen", "Title: Anders Consulting"]
    assert fixed.splitlines()[-1] == "Ada."


def test_only_whole_words_change():
    text, changes = harmonise_first_names("Name: Ada Jensen\n\nProfile\nIdaho and Adamant, Liverpool.", "Ada Jensen")
    assert text.endswith("Idaho and Adamant, Liverpool.") and changes == []


def test_a_consistent_cv_is_left_alone():
    text = "Name: Ada Jensen\n\nProfile\nAda builds things."
    assert harmonise_first_names(text, "Ada Jensen") == (text, [])
    assert harmonise_first_names(text, "") == (text, [])
