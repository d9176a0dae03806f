import imageio.v3 as iio
import numpy as np

from implementor_tf.face.progress_gif import ProgressGIF, format_images


class _Counter:
    """Just enough of a DCGAN for the callback: an image counter and a generator."""

    def __init__(self):
        self.count = 0
        self.images_seen = self
        self.ema_generator = lambda noise, training: np.zeros((len(noise), 8, 8, 3), "float32")

    def numpy(self):
        return self.count


def _film(callback, model, steps, batch):
    callback.set_model(model)
    callback.on_train_begin()
    for step in range(steps):
        model.count += batch
        callback.on_train_batch_end(step)


def test_frames_are_evenly_spaced_and_thinned_below_the_maximum(tmp_path):
    model = _Counter()
    callback = ProgressGIF(tmp_path / "film.gif", np.zeros((4, 2), "float32"), every_kimg=0.1, max_frames=10)
    _film(callback, model, steps=100, batch=32)  # 3,200 images: 33 snapshots at the first spacing.
    counts = callback.frame_images
    assert 2 <= len(counts) <= 11 and counts[0] == 0
    gaps = np.diff(counts)
    assert gaps.min() >= callback.interval - 32 and gaps.max() <= callback.interval + 32
    assert callback.interval in (400, 800)


def test_written_gif_has_the_frames_plus_a_closing_frame(tmp_path):
    model = _Counter()
    callback = ProgressGIF(tmp_path / "film.gif", np.zeros((4, 2), "float32"), every_kimg=0.1, max_frames=50)
    _film(callback, model, steps=10, batch=32)
    model.count += 16  # Training ends between two snapshots.
    callback.on_train_end()
    frames = iio.imread(tmp_path / "film.gif", index=None)
    assert len(frames) == len(callback.frame_images) + 1
    assert frames.shape[1] > 16  # Two rows of 8 px faces and a caption strip.
    assert callback.frame_images == [0, 128, 224, 320]


def test_size_limit_thins_the_file(tmp_path):
    model = _Counter()
    noisy = lambda noise, training: np.random.default_rng(len(model.__dict__) + model.count).uniform(-1, 1, (16, 32, 32, 3))
    model.ema_generator = noisy
    callback = ProgressGIF(tmp_path / "film.gif", np.zeros((16, 2), "float32"), every_kimg=0.032, max_frames=100, max_bytes=200_000)
    _film(callback, model, steps=40, batch=32)
    callback.write()
    assert (tmp_path / "film.gif").stat().st_size <= 200_000
    assert len(iio.imread(tmp_path / "film.gif", index=None)) < len(callback.frames)


def test_state_round_trip():
    callback = ProgressGIF("unused.gif", np.zeros((1, 2), "float32"))
    callback.set_state({"frames": [np.zeros((2, 2, 3), np.uint8)], "frame_images": [0], "interval": 2000})
    assert callback.get_state()["interval"] == 2000 and callback.frame_images == [0]


def test_captions():
    assert format_images(640) == "640 images" and format_images(12_345) == "12.3k images"


def test_a_film_of_one_frame_is_a_valid_gif(tmp_path):
    model = _Counter()
    callback = ProgressGIF(tmp_path / "film.gif", np.zeros((4, 2), "float32"))
    _film(callback, model, steps=0, batch=32)
    callback.write()
    assert iio.imread(tmp_path / "film.gif", index=None).shape[0] == 1
