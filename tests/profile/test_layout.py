from implementor_tf.profile.layout import Entry, entries_of, items_of


def test_entries_collect_their_detail_lines():
    text = "2021-2024 | Lead | Bank (banking)\nBuilt a platform.\nCoached 4.\n\n2019-2021 | Developer | Shop\nShipped it."
    assert entries_of(text) == [
        Entry("2021-2024", "Lead", "Bank (banking)", ["Built a platform.", "Coached 4."]),
        Entry("2019-2021", "Developer", "Shop", ["Shipped it."]),
    ]


def test_irregular_lines_are_kept_not_dropped():
    entries = entries_of("A stray line first\n2020 | Only a role\n| | | extra | parts")
    assert entries[0] == Entry("", "", "", ["A stray line first"])
    assert entries[1] == Entry("2020", "Only a role", "", [])
    assert entries[2] == Entry("", "", "extra | parts", [])


def test_a_line_of_bars_alone_is_no_entry():
    assert entries_of(" | | ") == []
    assert entries_of("2020 | Dev | Shop\n|  |\nShipped it.") == [Entry("2020", "Dev", "Shop", ["Shipped it."])]


def test_items_split_on_commas_and_lines_and_show_once():
    assert items_of("Python,  SQL\nSpark,,") == ["Python", "SQL", "Spark"]
    assert items_of("Kubernetes, Python, Kubernetes") == ["Kubernetes", "Python"]
    assert items_of("") == []
