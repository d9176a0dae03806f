import numpy as np

from implementor_tf.cv.tokenizer import END_TOKEN, PAD_TOKEN, train_tokenizer
from implementor_tf.data.synthetic_cvs import generate_cvs


def test_round_trip_with_non_ascii_letters_and_special_ids():
    tokenizer = train_tokenizer(generate_cvs(100, seed=0), vocabulary_size=600)
    text = "Name: Åse Bækgaard-Müller\nLocation: Tromsø, Genève; café"
    ids = tokenizer(text)
    assert tokenizer.detokenize(ids) == text
    assert tokenizer.token_to_id(PAD_TOKEN) == 0 == tokenizer.pad_token_id
    assert tokenizer.token_to_id(END_TOKEN) == tokenizer.end_token_id == 1
    assert 0 not in np.asarray(ids)  # Padding never appears in real text.


def test_vocabulary_is_learnt_from_the_corpus():
    tokenizer = train_tokenizer(generate_cvs(200, seed=0), vocabulary_size=800)
    assert 256 < tokenizer.vocabulary_size() <= 800
    # Frequent corpus words become single tokens.
    assert len(np.asarray(tokenizer("Experience"))) == 1


def tokens(tokenizer, text):
    return [tokenizer.id_to_token(int(i)) for i in np.asarray(tokenizer(text))]


def test_a_capitalised_word_is_one_token_with_or_without_a_space_before_it():
    cvs = generate_cvs(300, seed=0)
    tokenizer = train_tokenizer(cvs, vocabulary_size=2000, split_capitalised=True)
    header, profile = tokens(tokenizer, "Name: Henrik Hansen"), tokens(tokenizer, "\nHenrik has worked")
    assert header[-4:] == ["Ġ", "Henrik", "Ġ", "Hansen"]
    assert "Henrik" in profile  # The same token the header used: the model copies it.
    assert tokens(tokenizer, " has worked") == ["Ġhas", "Ġworked"]  # Lower-case words keep their space.

    glued = train_tokenizer(cvs, vocabulary_size=2000)  # The default
    assert tokens(glued, "Name: Henrik")[-1] == "ĠHenrik"  # GPT-2's own scheme: two tokens for one name.
