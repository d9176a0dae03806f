import types

import numpy as np
import pytest

from implementor_tf.cv.evaluate import name_copy_probability
from implementor_tf.cv.tokenizer import train_tokenizer
from implementor_tf.data.synthetic_cvs import generate_cvs

CVS = generate_cvs(12, seed=4)


class _Reader:
    """A stand-in language model that knows the texts: at every position its logits favour the text's next token
    (``sure``) or favour nothing (``sure=0``)."""

    def __init__(self, tokenizer, texts, sure: float):
        self.preprocessor = types.SimpleNamespace(tokenizer=tokenizer)
        self.streams = [[tokenizer.start_token_id, *np.asarray(tokenizer(text)).tolist()] for text in texts]
        self.sure, self.vocabulary = sure, tokenizer.vocabulary_size()

    def __call__(self, inputs, training=False):
        token_ids, mask = inputs["token_ids"], inputs["padding_mask"]
        logits = np.zeros((*token_ids.shape, self.vocabulary), dtype="float32")
        for row, ids in enumerate(token_ids):
            length = int(mask[row].sum())
            stream = next(s for s in self.streams if s[:length] == ids[:length].tolist())
            for position in range(length):
                logits[row, position, stream[position + 1]] = self.sure
        return logits


@pytest.fixture(scope="module")
def tokenizer():
    return train_tokenizer(CVS, vocabulary_size=400)


def test_a_reader_of_the_real_text_copies_every_name_and_a_blank_one_is_at_chance(tokenizer):
    # The probe must ask for exactly the token where the profile first names its person:
    # one position off, the reader's certainty would land on another token.
    assert name_copy_probability(_Reader(tokenizer, CVS, sure=50.0), CVS, batch_size=5) == pytest.approx(1.0)
    blank = name_copy_probability(_Reader(tokenizer, CVS, sure=0.0), CVS)
    assert blank == pytest.approx(1 / tokenizer.vocabulary_size())


def _without_the_name_in_the_profile(cv: str) -> str:
    first = cv.split("\n")[0].split()[1]
    header, profile_and_rest = cv.split("\nProfile\n")
    return header + "\nProfile\n" + profile_and_rest.replace(first, "The consultant")


def test_texts_whose_profile_never_names_its_person_are_not_counted(tokenizer):
    reader = _Reader(tokenizer, CVS, sure=50.0)
    assert name_copy_probability(reader, [_without_the_name_in_the_profile(cv) for cv in CVS]) is None
    assert name_copy_probability(reader, [CVS[0].split("\nProfile\n")[0]]) is None  # No profile at all.
    # Only the CVs that do name their person count: one of each gives the named one's probability.
    assert name_copy_probability(reader, [_without_the_name_in_the_profile(CVS[1]), CVS[2]]) == pytest.approx(1.0)
