import numpy as np

from implementor_tf.data.synthetic_portraits import draw_portraits
from implementor_tf.metrics.face_quality import evaluate_images, format_table
from implementor_tf.pictures import from_uint8


def test_a_collapsed_generator_that_copies_scores_badly_everywhere(tmp_path):
    real = from_uint8(draw_portraits(64, image_size=32, seed=0)[0])
    fresh = from_uint8(draw_portraits(64, image_size=32, seed=1)[0])
    copying = np.repeat(real[:1], 64, axis=0)
    good = evaluate_images(real, fresh, kid=False)
    bad = evaluate_images(real, copying, kid=False, pairs_png=tmp_path / "pairs.png")
    assert bad["swd"]["swd"] > 3 * good["swd"]["swd"]
    assert bad["diversity"]["ms_ssim_generated"] > 0.99 > good["diversity"]["ms_ssim_generated"]
    assert bad["memorisation"]["memorised_share"] == 1.0 and good["memorisation"]["memorised_share"] == 0.0
    assert (tmp_path / "pairs.png").exists()
    assert "unavailable" in format_table(bad)


def test_the_floor_is_what_a_second_real_sample_scores():
    real = from_uint8(draw_portraits(64, image_size=32, seed=0)[0])
    second = from_uint8(draw_portraits(64, image_size=32, seed=1)[0])
    noise = np.random.default_rng(0).uniform(-1, 1, real.shape).astype("float32")
    result = evaluate_images(real, noise, kid=False, second_real=second)
    alone = evaluate_images(real, second, kid=False)
    assert result["floor"]["swd"] == alone["swd"]
    assert result["swd"]["swd"] > 5 * result["floor"]["swd"]["swd"]
    table = format_table(result)
    assert f"{alone['swd']['swd']:.2f}" in table.splitlines()[2]  # The SWD line shows the floor beside the figure.
    assert evaluate_images(real, noise, kid=False)["floor"] is None
