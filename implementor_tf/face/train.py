"""Training a face GAN into a run folder: the one code path of the CLI and notebooks.

``train_face(config, run_dir)`` writes:

- ``config.json``: the settings, so that ``--resume`` continues the same run;
- ``progress.gif``: the same faces emerging from noise, frame by frame;
- ``losses.png`` and ``metrics.jsonl``: how training went;
- ``checkpoints/``: everything needed to continue after a kill;
- ``generator.keras``: the averaged generator, for sampling;
- ``discriminator.keras``: the discriminator, for transfer learning.

Example (a tiny run of two epochs on 64 synthetic portraits):

>>> import tempfile
>>> config = FaceConfig.budget("test", epoch_kimg=0.064)
>>> result = train_face(config, tempfile.mkdtemp(), verbose=0)
>>> result.images_seen
128
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import keras

from implementor_tf.data.portraits import Portraits, load_portraits
from implementor_tf.distribute import connect, fingerprint
from implementor_tf.face.augment import DiffAugment
from implementor_tf.face.checkpoint import (
    StopOnNonFiniteLoss,
    TrainingCheckpoint,
    latest_checkpoint,
    restore_checkpoint,
)
from implementor_tf.face.config import FACE_RUN, FaceConfig
from implementor_tf.face.dcgan import DCGAN, latent_noise
from implementor_tf.face.discriminator import build_discriminator
from implementor_tf.face.divergence import DivergenceWatch
from implementor_tf.face.evaluate import quality_tracker
from implementor_tf.face.generator import build_generator
from implementor_tf.face.metrics_log import MetricsLog, plot_losses
from implementor_tf.face.progress_gif import ProgressGIF
from implementor_tf.precision import needs_loss_scaling
from implementor_tf.run_folder import RunFolder

GIF_SEED = 2024  # The fixed noise of the progress GIF.


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
    generator = build_generator(config)
    discriminator = build_discriminator(config)
    augment = None
    if config.augment != "none":
        adaptive = config.augment == "ada"
        augment = DiffAugment(config.augment_policies, probability=0.0 if adaptive else 1.0, adaptive=adaptive, seed=config.seed)
    gan = DCGAN(generator, discriminator, augment, ema_decay=config.ema, seed=config.seed, r1_gamma=config.r1_gamma)
    optimizers = [keras.optimizers.Adam(config.learning_rate, beta_1=0.5) for _ in range(2)]
    if needs_loss_scaling(config.precision):
        optimizers = [keras.optimizers.LossScaleOptimizer(optimizer) for optimizer in optimizers]
    gan.compile(d_optimizer=optimizers[0], g_optimizer=optimizers[1], jit_compile=config.jit_compile)
    return gan


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
    cluster = connect(config.distribute)  # First: a cluster of workers must be set up before TensorFlow starts.
    run = RunFolder(run_dir, FACE_RUN)
    config = cluster.start(run, config, resume)  # Decided before it is saved, so a resumed run keeps its precision.
    cluster.check_batch(config.batch_size)
    checkpoint = latest_checkpoint(run / "checkpoints") if resume else None  # The chief's, on every worker.
    say = print if verbose else (lambda *args: None)
    keras.utils.set_random_seed(config.seed)

    if portraits is None:
        portraits = load_portraits(config.data, config.image_size, n=config.n_images, seed=config.seed)
    say(f"Data: {portraits.description}")
    dataset = cluster.shard(portraits.batches(config.batch_size, seed=config.seed, repeat=True))
    with cluster.folder(run) as out:  # The run's own folder on the chief, a scratch folder on other workers.
        return _train(config, run, out, cluster, checkpoint, portraits, dataset, resume, say, verbose, callbacks)


def _train(config, run, out, cluster, checkpoint, portraits, dataset, resume, say, verbose, callbacks) -> FaceRun:
    """``train_face`` once the settings, the data and the folder to write are known."""
    if resume:
        out.reopen()
    # Written only once the data has loaded, so a failed start leaves no run behind.
    out.save_settings(config)

    with cluster.scope():
        gan = build_dcgan(config)
    cluster.prepare(gan)
    say(
        f"Model: DCGAN {config.image_size}px, generator {gan.generator.count_params():,} and "
        f"discriminator {gan.discriminator.count_params():,} parameters, augmentation {config.augment} "
        f"({', '.join(config.augment_policies) if config.augment != 'none' else 'off'}), "
        f"EMA {config.ema}, batch {config.batch_size} real + {config.batch_size} generated, "
        f"precision {config.precision}, XLA {'on' if config.jit_compile else 'off'}, {cluster.describe()}"
    )
    noise = latent_noise(config.grid**2, config.latent_dim, seed=GIF_SEED)
    gif = ProgressGIF(out / "progress.gif", noise, config.snapshot_kimg, config.max_frames, columns=config.grid)
    log = MetricsLog(out)
    if config.eval_kimg > 0:
        callbacks = [*callbacks, quality_tracker(config, portraits, say)]
    stateful = {"progress_gif": gif, "metrics_log": log}
    checkpoints = out / "checkpoints"
    initial_epoch = 0
    if checkpoint is not None:
        step = restore_checkpoint(checkpoint, gan, stateful)
        # From the images seen, not the optimiser's counter: float16 training
        # skips (and does not count) a step whose gradients overflowed.
        initial_epoch = int(gan.images_seen.numpy()) // (config.batch_size * config.steps_per_epoch)
        say(f"Resuming from {checkpoint} (step {step:,}, {gan.images_seen.numpy():,} images seen)")
    elif resume:
        out.keep_records(0)  # Lines logged before the kill belong to steps that are trained again.
        say(f"No checkpoint in {run / 'checkpoints'} yet: starting {run.path} from the beginning")

    started = time.perf_counter()
    with cluster.scope():
        gan.fit(
            dataset,
            epochs=config.epochs,
            initial_epoch=initial_epoch,
            steps_per_epoch=config.steps_per_epoch,
            callbacks=[
                StopOnNonFiniteLoss(checkpoints), DivergenceWatch(stop=config.stop_on_divergence, say=say), *callbacks,
                gif, log, TrainingCheckpoint(checkpoints, stateful),
            ],
            shuffle=False,
            verbose=verbose,
        )
    out.save_model(gan.discriminator, "discriminator.keras")  # For transfer learning.
    out.save_model(gan.sampling_generator(), "generator.keras")  # With standing statistics (see dcgan.py).
    plot_losses(out.records(), out.plot_path)
    out.mark_finished({"images_seen": int(gan.images_seen.numpy()), "training_seconds": round(log.seconds, 1)})
    say(
        f"Trained on {gan.images_seen.numpy():,} images in {log.seconds:.0f} s of training "
        f"({time.perf_counter() - started:.0f} s in this session, measuring and saving included); "
        f"weights {fingerprint(gan)}. "
        f"Look at {run.path / 'progress.gif'} and {run.plot_path}; "
        f"sample with: implementor face sample --run {run.path} --out faces.png"
    )
    return FaceRun(gan, run.path, int(gan.images_seen.numpy()), checkpoint, portraits)
