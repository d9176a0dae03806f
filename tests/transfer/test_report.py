import imageio.v3 as iio

from implementor_tf.transfer.report import format_table, plot_transfer

RESULT = {
    "task": "glasses",
    "classes": ["no glasses", "glasses"],
    "n_holdout": 400,
    "chance": 0.5,
    "face_run": "runs/face",
    "cut": "down8",
    "budgets": [10, 100],
    "repeats": 5,
    "notes": ["The discriminator was trained on 1,000 unlabelled synthetic portraits."],
    "modes": {
        "probe": {"title": "linear probe", "available": True, "accuracy": {"10": {"mean": 0.612, "std": 0.031}, "100": {"mean": 0.9, "std": 0.01}}},
        "scratch": {"title": "from scratch", "available": True, "accuracy": {"10": {"mean": 0.5, "std": 0.0}, "100": {"mean": 0.95, "std": 0.02}}},
        "imagenet": {"title": "ImageNet", "available": False, "reason": "weights could not be loaded: offline"},
    },
}


def test_the_table_has_a_row_per_mode_and_says_why_one_is_missing():
    table = format_table(RESULT)
    assert "61.2 ± 3.1" in table and "95.0 ± 2.0" in table
    assert "ImageNet: unavailable (weights could not be loaded: offline)" in table
    assert RESULT["notes"][0] in table and "chance 50%" in table


def test_the_plot_is_written(tmp_path):
    path = plot_transfer(RESULT, tmp_path / "plots" / "transfer.png")
    image = iio.imread(path)
    assert image.ndim == 3 and image.shape[0] > 200
