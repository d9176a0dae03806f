import numpy as np
from PIL import Image

from implementor_tf.profile.card import card_lines, save_card


def test_the_card_draws_hostile_text_literally(hostile_colleague, tmp_path):
    # "$...$" would be a formula (or an error) without parse_math=False.
    hostile_colleague.cv.sections["Skills"] = r"$\frac{1}{0}$, $x^, <script>"
    path = tmp_path / "card.png"
    save_card(hostile_colleague, path)
    image = np.asarray(Image.open(path))
    assert image.shape[:2] == (480, 900)
    assert image.std() > 10  # Not a blank picture.
    texts = [text for text, _ in card_lines(hostile_colleague)]
    assert r"$\frac{1}{0}$, $x^, <script>" in texts


def test_card_lines_show_title_latest_role_skills_and_languages(face):
    from implementor_tf.data.synthetic_cvs import generate_cvs
    from implementor_tf.profile.colleague import Colleague

    colleague = Colleague.from_text(0, generate_cvs(1, seed=2)[0], face)
    texts = [text for text, _ in card_lines(colleague)]
    assert texts[0] == colleague.title and texts[1] == colleague.location
    assert {"Latest role", "Skills", "Languages"} <= set(texts)
