"""The fact check: learnt from the corpus, each fact caught when broken."""

import pytest

from implementor_tf.data.synthetic_cvs import generate_cvs
from implementor_tf.metrics.cv_facts import FACTS, CorpusFacts, fact_report, format_fact_table


@pytest.fixture(scope="module")
def corpus():
    return generate_cvs(300, seed=5)


@pytest.fixture(scope="module")
def facts(corpus):
    return CorpusFacts.learn(corpus[:250])


def test_real_cvs_keep_every_fact(facts, corpus):
    assert all(facts.applies(fact) for fact in FACTS)
    held_out = facts.shares(corpus[250:])
    assert held_out["all"] == 1.0


def first_cv_with(corpus, text):
    return next(cv for cv in corpus if text in cv)


def test_each_broken_fact_is_named(facts, corpus):
    cv = first_cv_with(corpus, "Location: Bergen, Norway")
    assert facts.broken(cv) == []
    assert facts.broken(cv.replace("Bergen, Norway", "Bergen, Denmark")) == ["place", "language"]  # Denmark speaks Danish.
    assert "language" in facts.broken(cv.replace("Norwegian (native)", "Swedish (native)"))
    first = cv.splitlines()[0].split()[1]
    other = "Søren" if first != "Søren" else "Åse"
    lines = cv.splitlines()
    profile = lines[lines.index("Profile") + 1]
    assert facts.broken(cv.replace(profile, profile.replace(first, other))) == ["name"]
    assert facts.broken(cv.replace(profile, profile + f" {other} agrees.")) == ["name"]  # Somebody else named too.
    job = next(index for index, line in enumerate(lines) if " | " in line)
    start, rest = lines[job].split("-", 1)
    broken_dates = "\n".join(lines[:job] + [f"{int(start) - 1}-{rest}"] + lines[job + 1 :])
    assert facts.broken(broken_dates) == ["dates"]
    title = lines[1]
    assert facts.broken(cv.replace(title, "Title: Astronaut")) == ["title"]
    skills = lines[lines.index("Skills") + 1]
    assert facts.broken(cv.replace(skills, skills + ", " + skills.split(", ")[0])) == ["repeats"]


def test_wrong_industry_and_unknown_values(facts, corpus):
    cv = first_cv_with(corpus, "(banking)")
    assert facts.broken(cv.replace("(banking)", "(energy)")) == ["industry"]
    unknown_city = facts.check(cv.replace(cv.splitlines()[2], "Location: Atlantis, Denmark"))
    assert unknown_city["place"] is None  # The corpus knows no Atlantis: not checkable, not counted.


def test_a_missing_part_breaks_the_facts_that_need_it(facts, corpus):
    cv = corpus[0]
    without_profile = cv.split("\n\nProfile")[0] + "\n\nExperience" + cv.split("\n\nExperience")[1]
    assert "name" in facts.broken(without_profile)


def test_facts_a_corpus_does_not_keep_are_not_checkable():
    cvs = [cv.replace("Languages\n", "Languages\nEnglish (fluent), English (fluent), ") for cv in generate_cvs(40, seed=1)]
    facts = CorpusFacts.learn(cvs)
    assert not facts.applies("repeats") and facts.applies("place")
    assert facts.check(cvs[0])["repeats"] is None
    report = fact_report(cvs[:5], cvs[5:10], cvs)
    assert "repeats    not checkable" in format_fact_table(report)


def test_report_compares_generated_with_real(corpus):
    bad = [cv.replace("Norway", "Iceland") for cv in corpus[250:] if "Norway" in cv]
    report = fact_report(bad, corpus[250:], corpus[:250])
    assert report["generated"]["place"] == 0.0 and report["real"]["place"] == 1.0
    assert report["generated"]["all"] == 0.0
    assert "Norway" not in report["examples"]["place"]
    table = format_fact_table(report)
    assert table.splitlines()[0].split() == ["fact", "generated", "real", "CVs"]
