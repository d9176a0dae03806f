"""Training a face GAN into a run folder: the one code path of the CLI and notebooks.

``train_face(config, run_dir)`` writes:

- ``config.json``: the settings, so that ``--resume`` continues the same run;
- ``progress.gif``: the same faces emerging from noise, frame by frame;
- ``losses.png`` and ``metrics.jsonl``: how training went;
- ``checkpoints/``: everything needed to continue after a kill;
- ``generator.keras``: the averaged generator, for sampling.

Example (a tiny run of two epochs on 64 synthetic portraits):

>>> import tempfile
>>> config = FaceConfig(image_size=32, kimg=0.128, n_images=64, width=4, latent_dim=8,
...                     batch_size=16, epoch_kimg=0.064, snapshot_kimg=0.032, jit_compile=False)
>>> result = train_face(config, tempfile.mkdtemp(), verbose=0)
>>> result.images_seen
128
"""

from __future__ import annotations

import dataclasses
import json
import math
import time
from pathlib import Path

import keras
import tensorflow as tf

from implementor_tf.data.portraits import Portraits, floor_samples, from_uint8, load_portraits
from implementor_tf.face.augment import DiffAugment
from implementor_tf.face.checkpoint import (
    StopOnNonFiniteLoss,
    TrainingCheckpoint,
    latest_checkpoint,
    restore_checkpoint,
)
from implementor_tf.face.dcgan import DCGAN, latent_noise
from implementor_tf.face.discriminator import build_discriminator
from implementor_tf.face.generator import UPSAMPLING_MODES, build_generator
from implementor_tf.face.metrics_log import MetricsLog, plot_losses
from implementor_tf.jsonl import read_jsonl
from implementor_tf.face.progress_gif import ProgressGIF
from implementor_tf.precision import check_precision, gpu_available, needs_loss_scaling, resolve_precision

AUGMENT_MODES = ("diffaugment", "ada", "none")
GIF_SEED = 2024  # The fixed noise of the progress GIF.


@dataclasses.dataclass
class FaceConfig:
    """Settings of a face run. The defaults are the budget of the README's run.

    Sized so that ``implementor face train`` finishes in about 13 minutes on
    a 2-core CPU: a narrow network (16 channels at full size, at most 128),
    in mixed bfloat16 where the CPU has it and without XLA (oneDNN's kernels
    are faster there), trains on about 250 real images per second. The
    recipe (nearest-neighbour upsampling, a strided discriminator,
    DiffAugment, the averaged generator) was chosen with
    ``benchmarks/face_quality.py`` against the data's own floor; the README
    shows the comparison.
    """

    data: str = "synthetic"
    image_size: int = 64
    kimg: float = 180.0  # Thousands of real images to train on.
    batch_size: int = 32  # Real images per step; as many generated ones.
    augment: str = "diffaugment"
    ema: float = 0.999
    seed: int = 0
    n_images: int = 1000  # Synthetic portraits to draw (the article's ~1,000 photos), or LFW faces to use (at most 100).
    latent_dim: int = 128
    width: int = 16
    max_channels: int = 128
    upsampling: str = "nearest"  # Resize, then convolve: no checkerboard (see benchmarks/face_quality.py).
    downsampling: str = "strided"  # Cheaper than the article's average pooling, and measured better.
    learning_rate: float = 2e-4
    epoch_kimg: float = 2.0  # A progress-bar epoch, a metrics line and a checkpoint.
    snapshot_kimg: float = 1.0  # First interval between GIF frames.
    max_frames: int = 100
    grid: int = 5  # The GIF shows grid x grid faces.
    discriminator_width: int | None = None  # Channels of the discriminator's first block (None: ``width``).
    minibatch_stddev: bool = False  # Show the discriminator how much each batch's images differ (more kinds of face).
    precision: str = "auto"  # float32, mixed_bfloat16, mixed_float16 or auto (see implementor_tf.precision).
    jit_compile: bool | None = None  # XLA: None compiles on a GPU only (on a CPU, oneDNN's kernels run the step faster).
    eval_kimg: float = 0.0  # Measure quality every this many thousand images (0: never).
    eval_n: int = 500  # Generated images per measurement.

    def __post_init__(self):
        if self.augment not in AUGMENT_MODES:
            raise ValueError(f"augment must be one of {AUGMENT_MODES}, got {self.augment!r}")
        if self.kimg <= 0 or self.batch_size < 1:
            raise ValueError("kimg and batch_size must be positive")
        check_precision(self.precision)
        if self.upsampling not in UPSAMPLING_MODES:
            raise ValueError(f"upsampling must be one of {UPSAMPLING_MODES}, got {self.upsampling!r}")

    def resolved(self) -> FaceConfig:
        """This config with ``precision`` and ``jit_compile`` decided for this machine."""
        jit_compile = gpu_available() if self.jit_compile is None else self.jit_compile
        return dataclasses.replace(self, precision=resolve_precision(self.precision), jit_compile=jit_compile)

    @property
    def total_steps(self) -> int:
        return max(1, round(self.kimg * 1000 / self.batch_size))

    @property
    def steps_per_epoch(self) -> int:
        return min(max(1, round(self.epoch_kimg * 1000 / self.batch_size)), self.total_steps)

    @property
    def epochs(self) -> int:
        """Whole epochs: the run may end up to one epoch past ``kimg``."""
        return math.ceil(self.total_steps / self.steps_per_epoch)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> FaceConfig:
        return cls(**json.loads(text))


@dataclasses.dataclass
class FaceRun:
    """What ``train_face`` returns: the trained GAN and where its files are."""

    gan: DCGAN
    run_dir: Path
    images_seen: int
    resumed_from: Path | None
    portraits: Portraits


def build_dcgan(config: FaceConfig) -> DCGAN:
    """The GAN a config describes, compiled (call inside a strategy scope to distribute)."""
    config = config.resolved()
    generator = build_generator(
        config.image_size,
        config.latent_dim,
        config.width,
        config.max_channels,
        upsampling=config.upsampling,
        dtype=config.precision,
    )
    discriminator = build_discriminator(
        config.image_size,
        config.discriminator_width or config.width,
        config.max_channels,
        downsampling=config.downsampling,
        minibatch_stddev=config.minibatch_stddev,
        dtype=config.precision,
    )
    augment = None
    if config.augment != "none":
        adaptive = config.augment == "ada"
        augment = DiffAugment(probability=0.0 if adaptive else 1.0, adaptive=adaptive, seed=config.seed)
    gan = DCGAN(generator, discriminator, augment, ema_decay=config.ema, seed=config.seed)
    optimizers = [keras.optimizers.Adam(config.learning_rate, beta_1=0.5) for _ in range(2)]
    if needs_loss_scaling(config.precision):
        optimizers = [keras.optimizers.LossScaleOptimizer(optimizer) for optimizer in optimizers]
    gan.compile(d_optimizer=optimizers[0], g_optimizer=optimizers[1], jit_compile=config.jit_compile)
    return gan


def resolve_run(run_dir: Path, config: FaceConfig, resume: bool) -> tuple[FaceConfig, Path | None]:
    """Checks the folder and returns the config to use and the checkpoint to resume.

    A run folder that already holds a run is never overwritten: without
    ``resume`` that is an error. With ``resume`` the saved settings win, except
    ``kimg``, which may be raised to train longer. Nothing is written here.
    """
    config_path = run_dir / "config.json"
    checkpoint = latest_checkpoint(run_dir / "checkpoints")
    if not resume:
        if config_path.exists() or checkpoint is not None:
            raise FileExistsError(f"{run_dir} already holds a face run: pass --resume to continue it, or choose another --out")
        return config, None
    if not config_path.exists():
        raise FileNotFoundError(f"nothing to resume in {run_dir}: it has no config.json (start it without --resume)")
    saved = FaceConfig.from_json(config_path.read_text())
    return dataclasses.replace(saved, kimg=config.kimg), checkpoint


def train_face(
    config: FaceConfig,
    run_dir,
    resume: bool = False,
    portraits: Portraits | None = None,
    verbose: int | str = "auto",
    callbacks: list | tuple = (),
) -> FaceRun:
    """Trains (or resumes) a face GAN and writes its run folder.

    Args:
        config: FaceConfig. The settings.
        run_dir: str or Path. Output folder; created if missing.
        resume: bool. Continue from the newest checkpoint in ``run_dir``.
        portraits: Portraits or None. Data to use instead of ``config.data``.
        verbose: Keras verbosity: 1 shows a progress bar, 0 is silent.
        callbacks: extra Keras callbacks, run before the checkpoint is written.

    Returns:
        A ``FaceRun``.

    Raises:
        FileExistsError: ``run_dir`` holds a run and ``resume`` is false.
        NonFiniteLossError: a loss became NaN; the last good checkpoint is kept.
    """
    run_dir = Path(run_dir)
    config, checkpoint = resolve_run(run_dir, config, resume)
    config = config.resolved()  # Saved decided, so a resumed run keeps its precision.
    say = print if verbose else (lambda *args: None)
    keras.utils.set_random_seed(config.seed)

    if portraits is None:
        portraits = load_portraits(config.data, config.image_size, n=config.n_images, seed=config.seed)
    say(f"Data: {portraits.description}")
    dataset = portraits.batches(config.batch_size, seed=config.seed, repeat=True)
    # Written only once the data has loaded, so a failed start leaves no run behind.
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "config.json").write_text(config.to_json())

    gan = build_dcgan(config)
    say(
        f"Model: DCGAN {config.image_size}px, generator {gan.generator.count_params():,} and "
        f"discriminator {gan.discriminator.count_params():,} parameters, augmentation {config.augment}, "
        f"EMA {config.ema}, batch {config.batch_size} real + {config.batch_size} generated, "
        f"precision {config.precision}, XLA {'on' if config.jit_compile else 'off'}"
    )
    noise = latent_noise(config.grid**2, config.latent_dim, seed=GIF_SEED)
    gif = ProgressGIF(run_dir / "progress.gif", noise, config.snapshot_kimg, config.max_frames, columns=config.grid)
    log = MetricsLog(run_dir)
    if config.eval_kimg > 0:
        callbacks = [*callbacks, quality_tracker(config, portraits, say)]
    stateful = {"progress_gif": gif, "metrics_log": log}
    checkpoints = run_dir / "checkpoints"
    initial_epoch = 0
    if checkpoint is not None:
        step = restore_checkpoint(checkpoint, gan, stateful)
        # From the images seen, not the optimiser's counter: float16 training
        # skips (and does not count) a step whose gradients overflowed.
        initial_epoch = int(gan.images_seen.numpy()) // (config.batch_size * config.steps_per_epoch)
        say(f"Resuming from {checkpoint} (step {step:,}, {gan.images_seen.numpy():,} images seen)")
    elif resume:
        say(f"No checkpoint in {checkpoints} yet: starting {run_dir} from the beginning")

    started = time.perf_counter()
    gan.fit(
        dataset,
        epochs=config.epochs,
        initial_epoch=initial_epoch,
        steps_per_epoch=config.steps_per_epoch,
        callbacks=[StopOnNonFiniteLoss(checkpoints), *callbacks, gif, log, TrainingCheckpoint(checkpoints, stateful)],
        shuffle=False,
        verbose=verbose,
    )
    gan.ema_generator.save(run_dir / "generator.keras")
    plot_losses(read_jsonl(log.jsonl_path), log.plot_path)
    say(
        f"Trained on {gan.images_seen.numpy():,} images in {time.perf_counter() - started:.0f} s. "
        f"Look at {run_dir / 'progress.gif'} and {run_dir / 'losses.png'}; "
        f"sample with: implementor face sample --run {run_dir} --out faces.png"
    )
    return FaceRun(gan, run_dir, int(gan.images_seen.numpy()), checkpoint, portraits)


def quality_tracker(config: FaceConfig, portraits: Portraits, say=print):
    """The ``QualityTracker`` of a run: with attribute coverage when the portraits are labelled."""
    from implementor_tf.metrics.attributes import AttributeClassifier
    from implementor_tf.metrics.face_quality import QualityTracker

    classifier = None
    if portraits.attributes is not None:
        say("Training the attribute classifier for quality tracking...")
        classifier = AttributeClassifier.train(config.image_size)
    training = from_uint8(portraits.numpy())
    real, second_real, floor_description = floor_samples(training, config.data, seed=config.seed)
    say(
        f"Measuring quality every {config.eval_kimg:g}k images on {min(config.eval_n, len(real))} generated faces, "
        f"beside the data's floor ({floor_description})"
    )
    return QualityTracker(
        real, config.eval_kimg, n=config.eval_n, classifier=classifier, second_real=second_real, training=training
    )


def load_generator(run_dir) -> keras.Model:
    """The averaged generator of a finished run (``generator.keras``)."""
    path = Path(run_dir) / "generator.keras"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: train first with `implementor face train --out {run_dir}`")
    return keras.saving.load_model(path, safe_mode=True)


def sample_faces(run_dir, n: int = 16, seed: int = 0) -> tf.Tensor:
    """``n`` new faces in [-1, 1] from a run's averaged generator; same seed, same faces."""
    generator = load_generator(run_dir)
    return generator.predict(latent_noise(n, generator.input_shape[-1], seed), verbose=0)
