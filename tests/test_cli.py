import json

import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

from implementor_tf.cli import main


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """A real `implementor face train` run, as small as the CLI allows."""
    run_dir = tmp_path_factory.mktemp("cli") / "run"
    status = main(
        ["face", "train", "--data", "lfw", "--out", str(run_dir), "--image-size", "32", "--kimg", "0.064", "--batch-size", "16"]
    )
    assert status == 0
    return run_dir


def test_train_writes_the_run_folder(tiny_run):
    for name in ("progress.gif", "losses.png", "metrics.jsonl", "generator.keras"):
        assert (tiny_run / name).exists(), name
    assert any((tiny_run / "checkpoints").iterdir())


def test_sample_same_seed_same_picture(tiny_run, tmp_path):
    paths = [tmp_path / name for name in ("a.png", "b.png", "c.png")]
    for path, seed in zip(paths, (7, 7, 8)):
        assert main(["face", "sample", "--run", str(tiny_run), "--n", "6", "--seed", str(seed), "--out", str(path)]) == 0
    a, b, c = (np.asarray(Image.open(path)) for path in paths)
    assert a.shape == (2 * 32 * 2, 3 * 32 * 2, 3)  # Two rows of three faces, enlarged twice.
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_rerunning_into_an_existing_run_is_refused_with_a_hint(tiny_run, capsys):
    assert main(["face", "train", "--out", str(tiny_run)]) == 2
    assert "--resume" in capsys.readouterr().err


def test_bad_folder_is_one_clear_line(tmp_path, capsys):
    (tmp_path / "photos").mkdir()
    status = main(["face", "train", "--data", str(tmp_path / "photos"), "--out", str(tmp_path / "run")])
    assert status == 2
    error = capsys.readouterr().err
    assert "no readable image" in error and "Traceback" not in error


def test_sampling_a_missing_run_says_how_to_train(tmp_path, capsys):
    assert main(["face", "sample", "--run", str(tmp_path), "--out", str(tmp_path / "x.png")]) == 2
    assert "implementor face train" in capsys.readouterr().err


@pytest.fixture(scope="module")
def tiny_cv_run(tmp_path_factory):
    """A real `implementor cv train` run on a folder of 12 CVs."""
    from implementor_tf.data.synthetic_cvs import generate_cvs

    root = tmp_path_factory.mktemp("cvcli")
    (root / "cvs").mkdir()
    for index, text in enumerate(generate_cvs(12, seed=1)):
        (root / "cvs" / f"cv{index:02d}.txt").write_text(text, encoding="utf-8")
    status = main(["cv", "train", "--corpus", str(root / "cvs"), "--out", str(root / "run"), "--epochs", "1", "--sequence-length", "64"])
    assert status == 0
    return root / "run"


def test_cv_train_writes_a_loadable_preset(tiny_cv_run):
    for name in ("preset/config.json", "metrics.jsonl", "loss.png", "config.json"):
        assert (tiny_cv_run / name).exists(), name


def test_cv_generate_json_is_reproducible(tiny_cv_run, capsys):
    import json

    arguments = ["cv", "generate", "--run", str(tiny_cv_run), "--n", "2", "--seed", "5", "--json", "--prompt", "Name: Ada Jensen\\nTitle:"]
    assert main(arguments) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(arguments) == 0
    second = json.loads(capsys.readouterr().out)
    assert first == second and len(first) == 2
    assert all(record["text"].startswith("Name: Ada Jensen\nTitle:") for record in first)
    assert {"valid", "problems", "header", "sections"} <= set(first[0])


def test_cv_generate_without_a_run_says_how_to_train(tmp_path, capsys):
    assert main(["cv", "generate", "--run", str(tmp_path)]) == 2
    assert "implementor cv train" in capsys.readouterr().err


def test_face_eval_prints_one_json_object(tiny_run, capsys):
    assert main(["face", "eval", "--run", str(tiny_run), "--n", "40", "--no-kid", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    # The run's own data, the 100 LFW faces, split in two halves: 40 of the first beside the floor's 40 of the second.
    assert result["n_generated"] == 40 and result["n_real"] == 40 and result["floor"]["n_generated"] == 40
    assert "two halves" in result["floor_sample"]
    assert result["swd"]["swd"] > 0 and 0 <= result["memorisation"]["memorised_share"] <= 1
    assert result["attributes"]["available"] is False and result["kid"]["available"] is False
    assert (tiny_run / "closest_pairs.png").exists()


def test_face_eval_table_is_readable(tiny_run, capsys):
    assert main(["face", "eval", "--run", str(tiny_run), "--n", "20", "--no-kid"]) == 0
    table = capsys.readouterr().out
    assert "SWD x1e3" in table and "memorised share" in table and "only the synthetic portraits" in table


def test_cv_eval_json_has_every_measure(tiny_cv_run, capsys):
    assert main(["cv", "eval", "--run", str(tiny_cv_run), "--n", "4", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in ("validation_perplexity", "validity", "distinct_1", "distinct_2", "novelty", "facts", "name_copy"):
        assert key in result, key
    assert 0 < result["name_copy"]["probability"] < 1 and result["name_copy"]["chance"] == 1 / result["facts"]["first_names"]
    assert len(result["novelty"]["overlap"]) == 4 and result["validation_perplexity"] > 1


def test_eval_of_a_missing_run_is_one_clear_line(tmp_path, capsys):
    assert main(["face", "eval", "--run", str(tmp_path)]) == 2
    assert main(["cv", "eval", "--run", str(tmp_path)]) == 2
    errors = capsys.readouterr().err
    assert "implementor face train" in errors and "implementor cv train" in errors


def test_transfer_prints_json_and_draws_the_plot(tiny_run, tmp_path, capsys):
    plot = tmp_path / "transfer.png"
    arguments = ["transfer", "--face-run", str(tiny_run), "--task", "face_vs_nonface", "--labels", "4,2", "--repeats", "2"]
    assert main([*arguments, "--no-imagenet", "--json", "--plot", str(plot)]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["budgets"] == [2, 4] and result["n_holdout"] == 100
    assert len(result["modes"]["scratch"]["accuracy"]["4"]["runs"]) == 2
    assert "saw 50 of the held-out faces" in result["notes"][0]  # The tiny run trained on all 100 LFW faces.
    assert plot.exists() and "Wrote the plot" in captured.err


def test_transfer_table_and_its_errors(tiny_run, capsys):
    assert main(["transfer", "--face-run", str(tiny_run), "--task", "face_vs_nonface", "--labels", "2", "--repeats", "1", "--no-imagenet"]) == 0
    table = capsys.readouterr().out
    assert "same network from scratch" in table and "not asked for" in table
    assert main(["transfer", "--face-run", str(tiny_run), "--task", "face_vs_nonface", "--labels", "500"]) == 2
    assert "too many" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["transfer", "--face-run", str(tiny_run), "--task", "glasses", "--labels", "ten"])
    assert "--labels takes numbers" in capsys.readouterr().err


def test_make_writes_a_team_and_lists_its_profiles(quick_demo, tmp_path, capsys):
    out = tmp_path / "team"
    arguments = ["make", "--face-run", str(quick_demo / "face"), "--cv-run", str(quick_demo / "cv"), "--out", str(out)]
    assert main([*arguments, "--n", "2", "--seed", "5"]) == 0
    printed = capsys.readouterr().out
    assert f"Open {out / 'index.html'}" in printed
    assert str(out / "colleague-5" / "implementor.html") in printed and str(out / "colleague-6" / "implementor.html") in printed
    assert sorted(path.name for path in out.iterdir()) == ["colleague-5", "colleague-6", "index.html"]


def test_make_and_demo_errors_are_one_clear_line(quick_demo, tmp_path, capsys):
    assert main(["make", "--face-run", str(tmp_path), "--cv-run", str(quick_demo / "cv"), "--out", str(tmp_path / "t")]) == 2
    assert "implementor face train" in capsys.readouterr().err
    assert main(["make", "--face-run", str(quick_demo / "face"), "--cv-run", str(tmp_path), "--out", str(tmp_path / "t")]) == 2
    assert "implementor cv train" in capsys.readouterr().err
    assert main(["demo", "--out", str(quick_demo)]) == 2  # Full settings over a quick run.
    assert "other settings" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["make", "--face-run", "a", "--cv-run", "b", "--out", "c", "--n", "0"])
    assert "needs a positive number" in capsys.readouterr().err


def test_demo_shows_progress_and_prints_where_to_look(quick_demo):
    printed = (quick_demo.parent / "printed.txt").read_text(encoding="utf-8")  # From `implementor demo --quick`.
    assert "[1/3] The face" in printed and "[2/3] The CV" in printed and "[3/3] The team" in printed
    assert "Epoch 1/" in printed  # Keras's progress bars.
    summary = printed[printed.index("Look at:") :]
    for path in ("index.html", "colleague-0/implementor.html", "face/progress.gif", "cv/loss.png"):
        assert str(quick_demo / path) in summary and (quick_demo / path).is_file(), path


def test_rl_train_and_play(tmp_path, capsys):
    run = tmp_path / "rl"
    assert main(["rl", "train", "--out", str(run), "--episodes", "20", "--difficulty", "easy"]) == 0
    printed = capsys.readouterr().out
    assert "random policy reaches the door in" in printed and "episode_after.gif" in printed
    assert main(["rl", "play", "--run", str(run), "--out", str(tmp_path / "after.gif"), "--seed", "2"]) == 0
    assert main(["rl", "play", "--run", str(run), "--out", str(tmp_path / "random.gif"), "--random"]) == 0
    printed = capsys.readouterr().out
    assert "The trained agent" in printed and "A random policy" in printed
    frames = iio.imread(tmp_path / "after.gif", index=None)
    assert frames.ndim == 4 and len(frames) >= 2
    assert main(["rl", "train", "--out", str(run), "--episodes", "20"]) == 2
    assert main(["rl", "play", "--run", str(tmp_path / "none"), "--out", str(tmp_path / "x.gif")]) == 2
    errors = capsys.readouterr().err
    assert "--resume" in errors and "implementor rl train" in errors


def test_interpolate_writes_a_walk(tiny_run, tmp_path, capsys):
    out = tmp_path / "walk.gif"
    assert main(["face", "interpolate", "--run", str(tiny_run), "--out", str(out), "--faces", "3", "--steps", "4", "--scale", "1"]) == 0
    assert iio.imread(out, index=None).shape[:3] == (12, 32, 32)
    assert "3 faces" in capsys.readouterr().out


def test_interpolate_without_a_run_says_so(tmp_path, capsys):
    assert main(["face", "interpolate", "--run", str(tmp_path / "missing"), "--out", str(tmp_path / "w.gif")]) == 2
    assert "train first" in capsys.readouterr().err
