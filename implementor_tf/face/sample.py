"""Loading the networks a finished face run saved, and drawing faces with them.

A face run (see ``implementor_tf.face.train``) ends by saving its averaged
generator as ``generator.keras`` and its discriminator as
``discriminator.keras``: plain Keras files, loaded here without any of the
training code.

Example:

>>> import tempfile
>>> from implementor_tf.face.train import train_face
>>> run_dir = tempfile.mkdtemp()
>>> _ = train_face(FaceConfig.budget("test", kimg=0.032), run_dir, verbose=0)
>>> sample_faces(run_dir, n=2, seed=1).shape
(2, 32, 32, 3)
>>> load_discriminator(run_dir)[0].output_shape
(None, 1)
"""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

from implementor_tf.face.config import FACE_RUN, FaceConfig
from implementor_tf.face.dcgan import latent_noise
from implementor_tf.face.discriminator import build_discriminator
from implementor_tf.run_folder import RunFolder


def _load(run_dir, name: str) -> keras.Model:
    run = RunFolder(run_dir, FACE_RUN)
    path = run / name
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: train first with `{FACE_RUN.train_command} --out {run.path}`")
    return keras.saving.load_model(path, safe_mode=True)


def load_generator(run_dir) -> keras.Model:
    """The averaged generator of a finished run (``generator.keras``)."""
    return _load(run_dir, "generator.keras")


def load_discriminator(run_dir) -> tuple[keras.Model, FaceConfig, Path]:
    """The discriminator of a finished run, the run's settings, and the file it came from.

    The network is rebuilt in float32 (whatever precision it trained in) with
    the weights of ``discriminator.keras``, ready to be fine-tuned on its own.

    Raises:
        FileNotFoundError: the folder holds no face run, or one that has not finished.
    """
    run = RunFolder(run_dir, FACE_RUN)
    settings = run.settings()
    trained = _load(run_dir, "discriminator.keras")
    discriminator = build_discriminator(settings.replace(precision="float32"))
    discriminator.set_weights(trained.get_weights())
    return discriminator, settings, run / "discriminator.keras"


def sample_faces(run_dir, n: int = 16, seed: int = 0) -> np.ndarray:
    """``n`` new faces in [-1, 1] from a run's averaged generator; same seed, same faces."""
    generator = load_generator(run_dir)
    return generator.predict(latent_noise(n, generator.input_shape[-1], seed), verbose=0)
