"""``FaceConfig``: every setting of a face run, its named budgets and valid values.

The generator, the discriminator, the training loop, the ``implementor face
train`` flags, the demo, the notebooks, the tests and the benchmarks all read
their sizes from here.

Example:

>>> FaceConfig.budget("test").image_size
32
>>> FaceConfig(image_size=48)
Traceback (most recent call last):
...
ValueError: image_size must be a power of two from 8 to 256, got 48
"""

from __future__ import annotations

import dataclasses
import math

from implementor_tf.distribute import DISTRIBUTIONS
from implementor_tf.precision import PRECISIONS, cpu_bfloat16_is_fast, gpu_available, resolve_precision
from implementor_tf.run_folder import RunKind
from implementor_tf.settings import Settings, setting

AUGMENT_MODES = ("diffaugment", "ada", "none")
AUGMENT_POLICIES = ("color", "translation", "cutout")  # DiffAugment's operations, in the order it applies them.
UPSAMPLING_MODES = ("transpose", "nearest", "bilinear")
DOWNSAMPLING_MODES = ("average_pool", "strided")
NORMALIZATIONS = ("batch", "generator", "none")  # Batch norm in both networks, in the generator only, in neither.
MIN_IMAGE_SIZE, MAX_IMAGE_SIZE = 8, 256


def doublings(image_size: int) -> int:
    """The number of 2x steps between the 4 px stem and ``image_size``.

    Raises:
        ValueError: ``image_size`` is not a power of two from 8 to 256.
    """
    steps = math.log2(image_size / 4) if image_size > 0 else 0.5
    if not MIN_IMAGE_SIZE <= image_size <= MAX_IMAGE_SIZE or steps != int(steps):
        raise ValueError(f"image_size must be a power of two from {MIN_IMAGE_SIZE} to {MAX_IMAGE_SIZE}, got {image_size}")
    return int(steps)


@dataclasses.dataclass
class FaceConfig(Settings):
    """Settings of a face run. The defaults are the budget of the README's run.

    Sized so that ``implementor face train`` finishes in about 13 minutes on
    a 2-core CPU: a narrow network (16 channels at full size, at most 128),
    in mixed bfloat16 where the CPU has it and without XLA (oneDNN's kernels
    are faster there; elsewhere in float32 with XLA), trains on about 250
    real images per second. The recipe (nearest-neighbour upsampling, a
    strided discriminator, DiffAugment, the averaged generator) was chosen
    with ``benchmarks/face_quality.py`` against the data's own floor; the
    README shows the comparison.
    """

    BUDGETS = {
        # Trains in seconds on a 2-core CPU: the tests' GAN.
        "test": dict(image_size=32, kimg=0.128, batch_size=16, n_images=64, latent_dim=8, width=4, max_channels=8,
                     epoch_kimg=0.032, snapshot_kimg=0.016, grid=2, jit_compile=False, precision="float32"),
        # `implementor demo --quick`: a smoke run of about a minute.
        # No XLA: at 32 px it gains nothing on a CPU, and compiling would cost a part of the minute.
        "quick": dict(image_size=32, kimg=6.0, n_images=300, width=16, max_channels=64, epoch_kimg=1.0, snapshot_kimg=0.25,
                      jit_compile=False),
        # `implementor demo`: 100k images, 6 minutes of training on a 2-core CPU with bfloat16, 20 to 30 without (the
        # readme budget sharpens them). Without colour shifts: at 100k images they cost (SWD 1.91x and 2.28x the floor
        # without, 2.52x and 2.82x with, CPU without bfloat16); at the readme's 180k they pay (1.75x with, 1.89x
        # without, same CPU): README, "The face recipe".
        "demo": dict(kimg=100.0, augment_colour=False),
        # The notebooks on a CPU: 64 px faces from 50k images, 9.6 minutes of training on a 2-core CPU without
        # bfloat16 (float32, XLA; measured in notebook 2, which there trains 32 px faces on 120k images instead).
        "notebook_cpu": dict(kimg=50.0),
        # The notebooks on a GPU: the README's run, compiled with XLA (mixed_float16 by "auto").
        "notebook_gpu": dict(kimg=180.0, jit_compile=True),
        # `implementor face train` with no flags: the README's run.
        "readme": dict(),
    }
    # Runs written before colour shifts became a setting were trained with them.
    WRITTEN_BEFORE = {"augment_colour": True}

    data: str = setting("synthetic", "synthetic, lfw, tfds:NAME or a folder of photos")
    image_size: int = setting(64, f"image side in pixels, a power of two from {MIN_IMAGE_SIZE} to {MAX_IMAGE_SIZE}")
    kimg: float = setting(180.0, "thousands of real images to train on", within="(0, inf)")
    batch_size: int = setting(32, "real images per step (as many are generated)", within="[1, inf)")
    augment: str = setting("diffaugment", "augmentation the discriminator sees", choices=AUGMENT_MODES)
    augment_colour: bool = setting(True, "augmentation also shifts brightness, saturation and contrast (measured better at the default budget)")
    ema: float = setting(0.999, "decay of the generator's moving average", within="[0, 1)")
    seed: int = setting(0, "seed of the data, the weights and the noise")
    n_images: int = setting(1000, "synthetic portraits to draw (the article's ~1,000 photos), or LFW faces to use (at most 100)", within="[1, inf)")
    latent_dim: int = setting(128, "size of the generator's noise vector", within="[1, inf)")
    width: int = setting(16, "channels at full size (they double per halving)", within="[1, inf)")
    max_channels: int = setting(128, "cap on channels at low resolution", within="[1, inf)")
    upsampling: str = setting("nearest", "how the generator doubles its resolution (nearest: no checkerboard)", choices=UPSAMPLING_MODES)
    downsampling: str = setting("strided", "how the discriminator halves its resolution", choices=DOWNSAMPLING_MODES)
    normalization: str = setting("batch", "batch norm in both networks (DCGAN), in the generator only, or in neither", choices=NORMALIZATIONS)
    r1_gamma: float = setting(0.0, "weight of the R1 penalty on the discriminator's gradient at real images (0: off)", within="[0, inf)")
    learning_rate: float = setting(2e-4, "Adam's learning rate, both networks", within="(0, inf)")
    epoch_kimg: float = setting(2.0, "thousands of images per progress-bar epoch, metrics line and checkpoint", within="(0, inf)")
    snapshot_kimg: float = setting(1.0, "thousands of images before the first progress-GIF frame", within="(0, inf)")
    max_frames: int = setting(100, "most frames in progress.gif", within="[1, inf)")
    grid: int = setting(5, "the progress GIF shows grid x grid faces", within="[1, inf)")
    discriminator_width: int | None = setting(None, "channels of the discriminator's first block (default: --width)", within="[1, inf)")
    minibatch_stddev: bool = setting(False, "show the discriminator how much each batch's images differ")
    precision: str = setting("auto", "auto: mixed_float16 on a GPU, mixed_bfloat16 on a CPU where it is measured faster, else float32", choices=PRECISIONS)
    jit_compile: bool | None = setting(None, "XLA (default: on a GPU and on a CPU without fast bfloat16, where each was measured faster)")
    distribute: str = setting("auto", "devices and machines to train on (auto: every GPU when there are several; "
                              "batch_size is then the global batch)", choices=DISTRIBUTIONS)
    stop_on_divergence: bool = setting(False, "stop when the discriminator stays (almost) always right or a loss runs away")
    eval_kimg: float = setting(0.0, "measure quality every this many thousand images (0: never)", within="[0, inf)")
    eval_n: int = setting(500, "generated images per quality measurement", within="[1, inf)")

    def __post_init__(self):
        super().__post_init__()
        doublings(self.image_size)

    def resolved(self) -> FaceConfig:
        """This config with ``precision`` and ``jit_compile`` decided for this machine.

        XLA by default on a GPU, and on a CPU without fast bfloat16, where
        ``benchmarks/face_speed.py --xla on,off`` measured the 64 px float32
        step 1.25-1.6x and the 128 px one 2x as fast with it. On a CPU with
        bfloat16 it stays off: there oneDNN's kernels ran every size and
        precision faster than XLA (the README's Benchmarks give both).
        """
        jit_compile = self.jit_compile
        if jit_compile is None:
            jit_compile = gpu_available() or not cpu_bfloat16_is_fast()
        return dataclasses.replace(self, precision=resolve_precision(self.precision), jit_compile=jit_compile)

    @property
    def augment_policies(self) -> tuple[str, ...]:
        """The operations of ``DiffAugment`` (see ``face/augment.py``) this config asks for."""
        return AUGMENT_POLICIES if self.augment_colour else tuple(p for p in AUGMENT_POLICIES if p != "color")

    @property
    def generator_batch_norm(self) -> bool:
        """Whether the generator's blocks use batch norm (``normalization`` "batch" or "generator")."""
        return self.normalization != "none"

    @property
    def discriminator_batch_norm(self) -> bool:
        """Whether the discriminator's blocks use batch norm (``normalization`` "batch" only)."""
        return self.normalization == "batch"

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


FACE_RUN = RunKind("face", FaceConfig, "implementor face train", from_command=("kimg", "distribute"), log="metrics.jsonl", plot="losses.png")
"""A face run folder: ``config.json``, ``metrics.jsonl``, ``losses.png``, ``progress.gif``,
``checkpoints/``, ``generator.keras`` and ``discriminator.keras``."""
