import hashlib
import json
import warnings

import pytest

from implementor_tf.data.cv_corpus import CVCorpusError, load_cv_corpus, split_validation

CV = "Name: Åse Møller\nTitle: Consultant\n\nProfile\nBuilds data platforms."


def _digest(folder):
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.rglob("*") if path.is_file()}


def _load(source, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_cv_corpus(str(source), **kwargs)
    return corpus, [str(warning.message) for warning in caught]


def test_folder_of_txt_and_md_skips_bad_utf8_by_file_and_line(tmp_path):
    (tmp_path / "deep").mkdir()
    for index in range(3):
        (tmp_path / f"cv{index}.txt").write_text(CV + f" {index}", encoding="utf-8")
    (tmp_path / "deep" / "cv.md").write_text(CV, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Name: Søren\nTitle: x\n".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")  # Not a CV file type: ignored.
    before = _digest(tmp_path)
    corpus, messages = _load(tmp_path)
    assert len(corpus.train) + len(corpus.validation) == 4
    assert len(messages) == 1 and "latin1.txt:1" in messages[0] and "invalid UTF-8" in messages[0] and "empty.txt" in messages[0]
    assert _digest(tmp_path) == before


def test_jsonl_reports_each_bad_line(tmp_path):
    path = tmp_path / "cvs.jsonl"
    lines = [json.dumps({"text": CV}).encode(), b"{not json", json.dumps({"title": "x"}).encode(), b'{"text": "caf\xe9"}', json.dumps({"text": CV + "!"}).encode()]
    path.write_bytes(b"\n".join(lines))
    corpus, messages = _load(path)
    assert sorted(corpus.train + corpus.validation) == sorted([CV, CV + "!"])
    for number, reason in ((2, "not JSON"), (3, '"text"'), (4, "invalid UTF-8")):
        assert f"cvs.jsonl:{number}: " in messages[0] and reason in messages[0]


def test_separated_text_file_skips_only_the_cv_with_bad_bytes(tmp_path):
    path = tmp_path / "cvs.txt"
    path.write_bytes(b"\n---\n".join([CV.encode(), b"Name: Bad\n\xff\xfe broken", (CV + "?").encode()]))
    corpus, messages = _load(path)
    assert sorted(corpus.train + corpus.validation) == sorted([CV, CV + "?"])
    assert "cvs.txt:8" in messages[0] and "line 7" in messages[0]


def test_empty_and_single_cv_corpora_are_clear_errors(tmp_path):
    with pytest.raises(CVCorpusError, match="no usable CV"):
        load_cv_corpus(str(tmp_path))
    (tmp_path / "one.txt").write_text(CV)
    with pytest.raises(CVCorpusError, match="at least 2 CVs"):
        load_cv_corpus(str(tmp_path))
    with pytest.raises(FileNotFoundError):
        load_cv_corpus(str(tmp_path / "missing.jsonl"))


def test_validation_split_is_deterministic_and_disjoint():
    texts = [f"cv {index}" for index in range(50)]
    train, validation = split_validation(texts, 0.1, seed=3)
    assert (train, validation) == split_validation(texts, 0.1, seed=3)
    assert len(validation) == 5 and not set(train) & set(validation) and set(train) | set(validation) == set(texts)
