"""The companion notebooks' set-up: one install source, one runtime check, one budget choice.

Every notebook opens with the same cell, ``SETUP_CELL``: in Colab it installs
this library from ``INSTALL_SOURCE`` (a pinned release, installed over
Colab's own TensorFlow without replacing it), then calls ``setup``, which
reports the versions and the accelerator and names the budget the notebook's
``parameters`` cell starts from: ``notebook_gpu`` on a GPU, ``notebook_cpu``
elsewhere (see the ``BUDGETS`` of ``FaceConfig``, ``CVConfig`` and
``RLConfig``). ``tests/test_notebooks.py`` checks that every notebook's first
code cell is ``SETUP_CELL`` word for word.

Two more helpers keep the ideas on the page without copying code into the
notebooks: ``show_source`` displays a library function's own source (the
GAN's ``train_step``, the packing, the repetition guard), and ``LiveFaces``
redraws the fixed-noise grid in place while a face trains.

Example:

>>> runtime = setup(say=None)
>>> runtime.budget in ("notebook_cpu", "notebook_gpu")
True
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import os

import keras

from implementor_tf.precision import cpu_bfloat16_is_fast

INSTALL_SOURCE = "implementor_tf @ git+https://github.com/implementor-tf/implementor_tf@v0.1.0"
"""What Colab installs: this library at a release tag (its dependencies accept Colab's TensorFlow 2.20)."""

SETUP_CELL = f"""\
# Set-up: in Colab, install implementor_tf (a pinned release; Colab's own TensorFlow is kept), then check the runtime.
import importlib.util, subprocess, sys
if importlib.util.find_spec("implementor_tf") is None:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "{INSTALL_SOURCE}"])
from implementor_tf.notebook import setup
runtime = setup()"""

REQUIRED = ("tensorflow", "keras", "keras_hub", "tensorflow_text", "matplotlib", "PIL")


@dataclasses.dataclass(frozen=True)
class Runtime:
    """What the notebook runs on.

    Attributes:
        accelerator: str. ``"GPU: <name>"`` or ``"CPU"``.
        gpu: bool. A GPU is visible to TensorFlow.
        budget: str. The budget the ``parameters`` cell starts from.
        versions: dict. Package name -> version.
        cpu_bfloat16: bool. No GPU, and the CPU multiplies in bfloat16 clearly
            faster than in float32 (the test behind ``precision="auto"``), so
            the face trains about twice as fast: a notebook can afford more.
    """

    accelerator: str
    gpu: bool
    budget: str
    versions: dict
    cpu_bfloat16: bool = False


def setup(say=print) -> Runtime:
    """Checks the packages, reports the runtime and picks the budget.

    Raises:
        ImportError: a required package is missing, with the command that installs it.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # Hide TensorFlow's start-up chatter.
    versions = {}
    for name in REQUIRED:
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            raise ImportError(
                f"{name} is missing: run `%pip install \"{INSTALL_SOURCE}\"` in a cell (or `pip install -e .` "
                f"in a checkout), then restart the runtime"
            ) from error
        versions[name] = getattr(module, "__version__", "?")
    import tensorflow as tf

    import implementor_tf

    gpus = tf.config.list_physical_devices("GPU")
    gpu = bool(gpus)
    accelerator = f"GPU: {gpus[0].name}" if gpu else "CPU"
    cpu_bfloat16 = not gpu and cpu_bfloat16_is_fast()
    runtime = Runtime(accelerator, gpu, "notebook_gpu" if gpu else "notebook_cpu", versions, cpu_bfloat16)
    if say:
        stack = ", ".join(f"{name} {version}" for name, version in versions.items() if name != "PIL")
        if not gpu:
            accelerator += " with bfloat16" if cpu_bfloat16 else " without fast bfloat16 (float32)"
        say(f"implementor_tf {implementor_tf.__version__} on {accelerator}; {stack}")
        say(f"Budget: {runtime.budget} (a parameters cell below says what it trains and how long it takes)")
    return runtime


def show_source(obj) -> None:
    """Shows the source of a library function, method or class as a code block in the notebook.

    The code stays in one place (the library); the page shows exactly what runs.
    """
    source = inspect.cleandoc("\n" + inspect.getsource(obj)) if inspect.isroutine(obj) else inspect.getsource(obj)
    where = f"{inspect.getmodule(obj).__name__}.{obj.__qualname__}"
    try:
        from IPython.display import Markdown, display
    except ImportError:  # Outside a notebook: print it.
        print(f"# {where}\n{source}")
        return
    display(Markdown(f"`{where}`\n```python\n{source}\n```"))


class LiveFaces(keras.callbacks.Callback):
    """Redraws the averaged generator's faces for fixed noise after every epoch, in place.

    Args:
        noise: array ``(n, latent_dim)``. The same noise every time, so the
            picture shows the same faces sharpening.
        columns: int. Faces per row.
        scale: int. Enlargement of the picture.
    """

    def __init__(self, noise, columns: int = 8, scale: int = 2):
        super().__init__()
        self.noise = noise
        self.columns = columns
        self.scale = scale
        self._handle = None

    def on_epoch_end(self, epoch, logs=None):
        from IPython.display import Image, display

        from implementor_tf.pictures import captioned, image_grid, png_bytes, to_uint8

        faces = to_uint8(self.model.ema_generator(self.noise, training=False))
        seen = int(self.model.images_seen.numpy())
        picture = Image(data=png_bytes(captioned(image_grid(faces, self.columns), f"{seen:,} images seen"), self.scale))
        if self._handle is None:
            self._handle = display(picture, display_id=True)
        else:
            self._handle.update(picture)
