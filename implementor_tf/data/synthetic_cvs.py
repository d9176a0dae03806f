"""Generated consultant CVs: the offline default text corpus.

Every CV is written from our own word lists and sentence templates, in one
sectioned plain-text format that ``implementor_tf.cv.format_cv`` reads back:

    Name: Åse Kristiansen
    Title: Senior Data Engineer
    Location: Bergen, Norway

    Profile
    Åse is a senior data engineer with 9 years of experience ...

    Experience
    2021-2024 | Lead Data Engineer | Nordic retail bank (banking)
    Built a streaming fraud detection platform, cutting false alarms by 23%.

    Education
    2012-2017 | MSc in Computer Science | NTNU, Trondheim

    Skills
    Python, Spark, Kafka, Terraform

    Languages
    Norwegian (native), English (fluent)

Names and places include letters such as æ, ø, å, é and ü, so the tokenizer
and the page that shows the CV must handle them. Everything is deterministic
under the seed.

Example:

>>> cvs = generate_cvs(3, seed=0)
>>> len(cvs), cvs[0].splitlines()[0].startswith("Name: ")
(3, True)
"""

from __future__ import annotations

import random

from implementor_tf.cv.format import format_cv

FIRST_NAMES = (
    "Åse", "Søren", "Bjørn", "Sofie", "Mads", "Ingrid", "Jørgen", "Émilie", "Jürgen", "Zoë",
    "Frederik", "Astrid", "Nikolaj", "Freja", "Mathias", "Ida", "Lukas", "Chloé", "René", "Ulla",
    "Kasper", "Signe", "Anders", "Maja", "Henrik", "Camille", "Björn", "Elín", "Tomás", "Aïsha",
    "Oskar", "Liv", "Rasmus", "Karen", "Jonas", "Hélène", "Magnus", "Sigrid", "Ada", "Amir",
    "Priya", "Wei", "Fatima", "Mateo", "Noah", "Emma", "Olivia", "Lars", "Pernille", "Malthe", "Håkon", "Æsa",
)
LAST_NAMES = (
    "Kristiansen", "Sørensen", "Jørgensen", "Møller", "Nielsen", "Hansen", "Lindqvist", "Dubois",
    "Müller", "Schäfer", "Åberg", "Kjær", "Bækgaard", "Østergaard", "Pedersen",
    "Larsen", "Lefèvre", "Jensen", "Christensen", "Olsen", "Thomsen", "Rasmussen", "Fernández",
    "Nørgaard", "Holm", "Brønd", "Søgaard", "Eriksson", "Björk", "García", "Nowak", "Khan",
    "Andersen", "Poulsen", "Dahl", "Lund", "Krüger", "Weiß", "Mørch", "Strøm",
)
PLACES = (
    ("Copenhagen", "Denmark"), ("Aarhus", "Denmark"), ("Aalborg", "Denmark"), ("Odense", "Denmark"),
    ("Køge", "Denmark"), ("Århus", "Denmark"), ("Malmö", "Sweden"), ("Göteborg", "Sweden"),
    ("Stockholm", "Sweden"), ("Västerås", "Sweden"), ("Tromsø", "Norway"), ("Bergen", "Norway"), ("Oslo", "Norway"),
    ("München", "Germany"), ("Zürich", "Switzerland"), ("Genève", "Switzerland"), ("Montréal", "Canada"),
    ("Reykjavík", "Iceland"), ("Helsinki", "Finland"), ("Amsterdam", "the Netherlands"), ("London", "the United Kingdom"),
)
UNIVERSITIES = (
    ("DTU", "Kongens Lyngby"), ("Aarhus University", "Aarhus"), ("University of Copenhagen", "Copenhagen"),
    ("NTNU", "Trondheim"), ("KTH", "Stockholm"), ("ETH Zürich", "Zürich"), ("TU München", "München"),
    ("Lund University", "Lund"), ("Aalborg University", "Aalborg"), ("Université de Montréal", "Montréal"),
    ("Copenhagen Business School", "Frederiksberg"), ("Chalmers", "Göteborg"),
)
DEGREES = (
    "MSc in Computer Science", "MSc in Data Science", "BSc in Software Engineering", "MSc in Mathematical Modelling",
    "PhD in Machine Learning", "MSc in Business Administration and Information Systems", "BSc in Physics",
    "MSc in Statistics", "MSc in Industrial Engineering", "BSc in Economics",
)

# Each role family: titles by seniority, skills, and achievements written as
# templates with {metric}, {number} and {thing} slots.
ROLE_FAMILIES = {
    "data engineering": {
        "titles": ("Data Engineer", "Senior Data Engineer", "Lead Data Engineer", "Principal Data Engineer"),
        "skills": ("Python", "SQL", "Spark", "Kafka", "Airflow", "dbt", "Terraform", "Databricks", "Snowflake", "Azure Data Factory"),
        "things": ("streaming data platform", "data lakehouse", "batch pipeline", "data quality framework", "event-driven ingestion layer"),
    },
    "machine learning": {
        "titles": ("Machine Learning Engineer", "Senior Machine Learning Engineer", "Lead Data Scientist", "Principal AI Consultant"),
        "skills": ("Python", "TensorFlow", "Keras", "PyTorch", "scikit-learn", "MLflow", "Kubernetes", "Vertex AI", "SageMaker", "NLP"),
        "things": ("demand forecasting model", "churn prediction service", "document classification model", "recommendation engine", "computer vision pipeline"),
    },
    "software development": {
        "titles": ("Software Developer", "Senior Software Developer", "Tech Lead", "Software Architect"),
        "skills": ("C#", ".NET", "Java", "TypeScript", "React", "Kotlin", "Docker", "PostgreSQL", "Azure", "GraphQL"),
        "things": ("customer self-service portal", "payment integration", "booking platform", "mobile app back end", "microservice architecture"),
    },
    "cloud and devops": {
        "titles": ("DevOps Engineer", "Senior Cloud Engineer", "Platform Lead", "Cloud Architect"),
        "skills": ("AWS", "Azure", "GCP", "Kubernetes", "Terraform", "GitHub Actions", "Helm", "Prometheus", "Linux", "Bicep"),
        "things": ("landing zone", "CI/CD platform", "Kubernetes platform", "observability stack", "disaster recovery setup"),
    },
    "management consulting": {
        "titles": ("Consultant", "Senior Consultant", "Manager", "Partner"),
        "skills": ("Stakeholder management", "Business cases", "Agile coaching", "Process design", "Change management", "Power BI", "Scrum", "SAFe", "Roadmapping", "Workshop facilitation"),
        "things": ("digital strategy", "operating model", "procurement process", "product roadmap", "transformation programme"),
    },
}
INDUSTRIES = (
    ("Nordic retail bank", "banking"), ("National insurer", "insurance"), ("Wind turbine manufacturer", "energy"),
    ("Regional hospital", "healthcare"), ("Shipping company", "logistics"), ("Pharmaceutical company", "life science"),
    ("Municipality", "public sector"), ("Telecom operator", "telecom"), ("Online retailer", "retail"),
    ("Utility company", "utilities"), ("Pension fund", "finance"), ("Food producer", "manufacturing"),
)
ACHIEVEMENTS = (
    "Built a {thing} that cut {metric} by {number}%.",
    "Designed and delivered a {thing}, reducing {metric} by {number}%.",
    "Led a team of {team} in building a {thing} used by {users} people.",
    "Moved the {thing} to the cloud and lowered {metric} by {number}%.",
    "Introduced a {thing} that raised {good} by {number}%.",
    "Coached {team} colleagues and set up the {thing} from scratch.",
)
METRICS = ("operating costs", "processing time", "manual work", "error rates", "time to market", "downtime")
GOOD_THINGS = ("customer satisfaction", "forecast accuracy", "conversion", "test coverage", "delivery speed")
LANGUAGES = ("Danish", "English", "Swedish", "Norwegian", "German", "French", "Spanish", "Icelandic", "Finnish", "Dutch")
LEVELS = ("fluent", "professional", "conversational", "basic")
NATIVE_BY_COUNTRY = {
    "Denmark": "Danish", "Sweden": "Swedish", "Norway": "Norwegian", "Germany": "German", "Switzerland": "German",
    "Canada": "French", "Iceland": "Icelandic", "Finland": "Finnish", "the Netherlands": "Dutch", "the United Kingdom": "English",
}
PROFILE_OPENINGS = (
    "{first} is a {title_lower} with {years} years of experience in {family}.",
    "{first} has worked in {family} for {years} years, most recently as {article} {title_lower}.",
    "With {years} years in {family}, {first} is a {title_lower} who likes hard problems.",
)
PROFILE_CLOSINGS = (
    "{first} is known for clear communication and for delivering on time.",
    "Colleagues value {first} for pragmatic solutions and a calm overview.",
    "{first} enjoys turning vague ideas into working systems.",
    "{first} combines deep technical skill with a strong business sense.",
)


def _in_list_order(chosen: list[str], pool: tuple[str, ...]) -> list[str]:
    """``chosen`` in the order of ``pool``.

    A CV's skills, and its languages after the native one, are written in one
    fixed order (the order of their word list), as many consultancies' CV
    templates do. A listed item is then always followed by a later one, a
    rule a small language model learns from the previous item alone; drawn
    in random order, "never list a skill twice" asks it to remember the whole
    list, and the tiny model repeated a skill in most CVs (measured in the
    README's CV section).
    """
    return sorted(chosen, key=pool.index)


def _experience(rng: random.Random, family: dict, end_year: int, level: int) -> str:
    lines = []
    year = end_year
    for index in range(rng.randint(2, 4)):
        start = year - rng.randint(1, 4)
        client, industry = rng.choice(INDUSTRIES)
        title = family["titles"][max(0, level - index)]
        lines.append(f"{start}-{year} | {title} | {client} ({industry})")
        achievement = rng.choice(ACHIEVEMENTS).format(
            thing=rng.choice(family["things"]),
            metric=rng.choice(METRICS),
            good=rng.choice(GOOD_THINGS),
            number=rng.randint(5, 60),
            team=rng.randint(3, 12),
            users=f"{rng.randint(2, 400) * 100:,}",
        )
        lines.append(achievement)
        year = start
    return "\n".join(lines)


def generate_cv(rng: random.Random) -> str:
    """One CV drawn with ``rng``."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    city, country = rng.choice(PLACES)
    family_name = rng.choice(sorted(ROLE_FAMILIES))
    family = ROLE_FAMILIES[family_name]
    level = rng.randint(0, 3)
    title = family["titles"][level]
    years = 2 + 3 * level + rng.randint(0, 4)
    end_year = rng.randint(2022, 2025)
    title_lower = " ".join(word if word.isupper() else word.lower() for word in title.split())
    opening = rng.choice(PROFILE_OPENINGS).format(
        first=first, title_lower=title_lower, years=years, family=family_name,
        article="an" if title[0].lower() in "aeiou" else "a",
    )
    closing = rng.choice(PROFILE_CLOSINGS).format(first=first)
    university, uni_city = rng.choice(UNIVERSITIES)
    graduation = end_year - years - rng.randint(0, 2)
    education = f"{graduation - rng.randint(3, 5)}-{graduation} | {rng.choice(DEGREES)} | {university}, {uni_city}"
    skills = ", ".join(_in_list_order(rng.sample(family["skills"], rng.randint(4, 7)), family["skills"]))
    native = NATIVE_BY_COUNTRY[country]
    others = [language for language in LANGUAGES if language != native]
    spoken = [f"{native} (native)"] + [
        f"{language} ({rng.choice(LEVELS)})" for language in _in_list_order(rng.sample(others, rng.randint(1, 2)), LANGUAGES)
    ]
    header = {"Name": f"{first} {last}", "Title": title, "Location": f"{city}, {country}"}
    sections = {
        "Profile": f"{opening} {closing}",
        "Experience": _experience(rng, family, end_year, level),
        "Education": education,
        "Skills": skills,
        "Languages": ", ".join(spoken),
    }
    return format_cv(header, sections)


def generate_cvs(n: int = 2000, seed: int = 0) -> list[str]:
    """``n`` synthetic CVs; the same seed always gives the same list.

    Args:
        n: int. Number of CVs.
        seed: int. Random seed.

    Returns:
        A list of CV strings in the sectioned format above.
    """
    rng = random.Random(seed)
    return [generate_cv(rng) for _ in range(n)]
