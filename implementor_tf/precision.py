"""Numeric precision of training: float32, or mixed precision where it is faster.

Mixed precision keeps every variable in float32 but computes most layers in a
16-bit type, which halves the memory traffic and, on hardware with 16-bit
units, doubles the arithmetic rate:

- ``mixed_float16``: GPUs (tensor cores). float16 has a narrow range, so the
  losses are multiplied by a dynamic scale before differentiating and the
  gradients divided by it again (``keras.optimizers.LossScaleOptimizer``);
- ``mixed_bfloat16``: CPUs with native bfloat16 (AVX512-BF16, AMX) and TPUs.
  bfloat16 has float32's range, so it needs no loss scaling;
- ``float32``: everything in full precision;
- ``auto``: ``mixed_float16`` on a GPU; on a CPU ``mixed_bfloat16`` when a
  short matrix-product test (about a second, once per process) finds it at
  least 1.2x as fast as float32, else ``float32``.

The library passes the policy to each layer it builds (``dtype=...``) rather
than setting Keras's global policy, so a precision chosen for one model never
leaks into another. Layers whose outputs feed a loss (the generator's RGB
output, the discriminator's logit) stay in float32.

Example:

>>> resolve_precision("float32")
'float32'
>>> needs_loss_scaling("mixed_float16"), needs_loss_scaling("mixed_bfloat16")
(True, False)
"""

from __future__ import annotations

import functools
import time

PRECISIONS = ("auto", "float32", "mixed_bfloat16", "mixed_float16")
BF16_SPEEDUP_NEEDED = 1.2  # bfloat16 is chosen on a CPU only when clearly faster.


def check_precision(precision: str) -> str:
    """Returns ``precision`` if it is one of ``PRECISIONS``, else raises ValueError."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    return precision


def _best_seconds(function, repeats: int) -> float:
    function()  # Warm-up: traces and allocates.
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function().numpy()
        best = min(best, time.perf_counter() - start)
    return best


def matmul_seconds(dtype: str, size: int = 1024, repeats: int = 5) -> float:
    """Best time of one ``size`` x ``size`` matrix product in ``dtype`` on this process's default device."""
    import tensorflow as tf  # Here, not at the top: the settings (and `implementor --help`) need no TensorFlow.

    a = tf.random.normal((size, size), dtype=tf.float32)
    b = tf.random.normal((size, size), dtype=tf.float32)
    a, b = tf.cast(a, dtype), tf.cast(b, dtype)
    product = tf.function(lambda: tf.reduce_sum(tf.cast(tf.matmul(a, b), tf.float32)))
    return _best_seconds(product, repeats)


@functools.lru_cache(maxsize=None)
def bfloat16_speedup() -> float:
    """How many times faster a bfloat16 matrix product runs than a float32 one here (measured once)."""
    return matmul_seconds("float32") / matmul_seconds("bfloat16")


def cpu_bfloat16_is_fast() -> bool:
    """True when this CPU multiplies in bfloat16 at least ``BF16_SPEEDUP_NEEDED`` times as fast as in float32."""
    return bfloat16_speedup() >= BF16_SPEEDUP_NEEDED


def gpu_available() -> bool:
    """True when TensorFlow sees a GPU."""
    import tensorflow as tf

    return bool(tf.config.list_physical_devices("GPU"))


def resolve_precision(precision: str, cpu_bfloat16: bool = True) -> str:
    """The concrete policy for ``precision``: ``auto`` is decided by the hardware, anything else is kept.

    ``cpu_bfloat16=False`` keeps float32 on a CPU for models that a faster
    matrix product does not speed up.
    """
    check_precision(precision)
    if precision != "auto":
        return precision
    if gpu_available():
        return "mixed_float16"
    return "mixed_bfloat16" if cpu_bfloat16 and cpu_bfloat16_is_fast() else "float32"


def needs_loss_scaling(precision: str) -> bool:
    """float16's narrow range needs loss scaling; bfloat16 and float32 do not."""
    return precision == "mixed_float16"
