"""Training on several devices or machines with ``tf.distribute``.

A face or CV run names its ``distribute`` setting; ``connect`` turns it into a
``Cluster``, the one place that knows about strategies:

- ``none``: one device (TensorFlow's default strategy);
- ``mirrored``: every local GPU (or the one CPU), a copy of the model on each,
  gradients summed across them after every step (``MirroredStrategy``);
- ``multi-worker``: the same across machines (``MultiWorkerMirroredStrategy``),
  each started with the same command and a ``TF_CONFIG`` naming the cluster
  and its own place in it;
- ``tpu``: a Cloud TPU VM that has TensorFlow (``TPUStrategy``; Colab's TPU
  runtime ships no TensorFlow);
- ``auto``: ``mirrored`` when this machine has several GPUs, else ``none``.

The rules that make N devices train as one device would:

- ``batch_size`` is the **global** batch: each of N replicas takes 1/N of it,
  so the learning rate, the schedule and the number of steps stay as set;
- each replica's loss is averaged over the global batch and the gradients of
  all replicas are summed, which gives the gradient of the global batch;
- the data set is split by batches (``AutoShardPolicy.DATA``): worker k takes
  its share of every global batch, so no example is seen twice in a step;
- every worker runs the same code, callbacks included (metrics are reduced
  across workers, so all must take part), but only the chief writes into the
  run folder; the others write into temporary folders that are removed at
  the end. A resumed run reads the chief's checkpoint on every worker, so the
  run folder must be on a disk every worker can read (as for Keras's
  ``BackupAndRestore``).

Example:

>>> cluster = connect("none")
>>> cluster.replicas, cluster.is_chief
(1, True)
>>> cluster.check_batch(32)
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path

from implementor_tf.precision import gpu_available
from implementor_tf.run_folder import RunFolder

DISTRIBUTIONS = ("auto", "none", "mirrored", "multi-worker", "tpu")


@dataclasses.dataclass
class Cluster:
    """The devices and machines a run trains on, and this process's place among them.

    Attributes:
        kind: str. The distribution that runs (``auto`` decided).
        strategy: tf.distribute.Strategy.
        worker: int. This worker's index (0 alone).
        workers: int. Machines taking part.
        is_chief: bool. Whether this process writes the run folder.
    """

    kind: str
    strategy: object
    worker: int = 0
    workers: int = 1
    is_chief: bool = True

    @property
    def replicas(self) -> int:
        """Copies of the model, over all devices of all workers."""
        return self.strategy.num_replicas_in_sync

    def describe(self) -> str:
        if self.kind == "none":
            return "one device"
        where = f"worker {self.worker} of {self.workers}{' (chief)' if self.is_chief else ''}, " if self.workers > 1 else ""
        return f"{self.kind}: {where}{self.replicas} replicas in sync"

    def start(self, run: RunFolder, settings, resume: bool):
        """``run.start`` as the cluster sees it: the settings the run goes on with, decided for this machine.

        The chief checks the folder; the other workers start together with
        it, so a fresh run's folder may already hold the chief's settings, and
        they take their own (the same command's). A resumed run reads the
        chief's settings everywhere. The result is ``resolved()`` (precision
        and XLA decided), and XLA is turned off for a step spread over several
        CPU replicas: XLA has no collective operations on a CPU, and such a
        step fails with ``UnimplementedError``.
        """
        settings = (run.start(settings, resume) if self.is_chief or resume else settings).resolved()
        if settings.jit_compile and self.replicas > 1 and not gpu_available():
            settings = settings.replace(jit_compile=False)
        return settings

    def check_batch(self, batch_size: int) -> None:
        """Raises ValueError unless the global batch splits evenly over the replicas."""
        if batch_size % self.replicas:
            raise ValueError(
                f"batch_size ({batch_size}) is the global batch and must split evenly over {self.replicas} replicas: "
                f"use a multiple of {self.replicas}"
            )

    def check_same(self, what: str, text: str) -> None:
        """Raises RuntimeError unless ``text`` is the same on every worker (say, a vocabulary each one learnt)."""
        if self.workers == 1:
            return
        import tensorflow as tf

        digest = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:15], 16)
        values = self.strategy.gather(self.strategy.run(lambda: tf.constant([digest], tf.int64)), axis=0).numpy()
        if len(set(values.tolist())) > 1:
            raise RuntimeError(f"the workers do not agree on the {what}: each must start from the same data and settings")

    def scope(self):
        """Builds models and optimisers inside this, so their variables are copied to every replica."""
        return self.strategy.scope()

    def shard(self, dataset):
        """``dataset`` (batched by the global batch) set to be split between workers by batches."""
        import tensorflow as tf

        options = tf.data.Options()
        options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
        return dataset.with_options(options)

    def prepare(self, model) -> None:
        """Readies a model built in ``scope()`` for ``fit`` across workers.

        Keras 3's ``fit`` fails under ``MultiWorkerMirroredStrategy``
        (keras-team/keras#20585): it reduces a nested data batch with
        ``strategy.reduce`` to build the model, which that strategy refuses,
        and averages each scalar log along an axis it does not have. So,
        across workers only: the model forgets the strategy it was built in
        (``fit`` is then called inside ``scope()`` and finds it there, and the
        models here are built before ``fit``), and its steps return each log
        as a vector of one, which Keras's reduction turns back into the mean
        over the workers.
        """
        if self.workers == 1:
            return
        model._distribute_strategy = None  # noqa: SLF001 (the workaround above)
        for name in ("train_step", "test_step"):
            setattr(model, name, _logs_as_vectors(getattr(model, name)))

    @contextlib.contextmanager
    def folder(self, run):
        """The run folder this process writes: ``run`` on the chief, a temporary folder on the other workers.

        Args:
            run: RunFolder. The run's own folder.

        Yields:
            A RunFolder of the same kind; a worker's is removed afterwards.
        """
        if self.is_chief:
            yield run
            return
        scratch = Path(tempfile.mkdtemp(prefix=f"implementor-worker{self.worker}-"))
        try:
            yield RunFolder(scratch, run.kind)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def fingerprint(model) -> str:
    """Twelve hex digits of a hash of every weight of ``model``: the same on every worker of a run in sync.

    >>> import keras
    >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="ones")])
    >>> fingerprint(model) == fingerprint(model)
    True
    """
    import keras

    digest = hashlib.sha256()
    for weight in model.weights:
        digest.update(keras.ops.convert_to_numpy(weight).tobytes())
    return digest.hexdigest()[:12]


def _logs_as_vectors(step):
    import tensorflow as tf

    def step_with_vector_logs(data):
        return {name: tf.reshape(value, (1,)) for name, value in step(data).items()}

    return step_with_vector_logs


def local_hosts(n: int) -> list[str]:
    """``n`` addresses ``"127.0.0.1:PORT"`` on ports free now: a cluster of workers on this machine."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [f"127.0.0.1:{sock.getsockname()[1]}" for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def tf_config(hosts: list[str], index: int) -> str:
    """The ``TF_CONFIG`` of worker ``index`` in a cluster of ``hosts`` (``"host:port"``, worker 0 the chief).

    >>> tf_config(["10.0.0.1:12345", "10.0.0.2:12345"], 1)
    '{"cluster": {"worker": ["10.0.0.1:12345", "10.0.0.2:12345"]}, "task": {"type": "worker", "index": 1}}'
    """
    return json.dumps({"cluster": {"worker": list(hosts)}, "task": {"type": "worker", "index": index}})


def cluster_from_environment() -> dict | None:
    """The parsed ``TF_CONFIG``, or None when it is not set."""
    text = os.environ.get("TF_CONFIG", "").strip()
    if not text:
        return None
    try:
        config = json.loads(text)
        config["cluster"], config["task"]["type"], config["task"]["index"]  # noqa: B018 (checks the keys exist)
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(
            f"TF_CONFIG is not a cluster description ({error}): it must be JSON like "
            '{"cluster": {"worker": ["host1:port", "host2:port"]}, "task": {"type": "worker", "index": 0}}'
        ) from None
    return config


def check_distribution(kind: str) -> None:
    """Raises ValueError for an unknown kind, or ``multi-worker`` without a valid ``TF_CONFIG``; loads no TensorFlow."""
    if kind not in DISTRIBUTIONS:
        raise ValueError(f"distribute must be one of {DISTRIBUTIONS}, got {kind!r}")
    if kind == "multi-worker" and cluster_from_environment() is None:
        raise ValueError(
            "--distribute multi-worker needs TF_CONFIG: start the same command on every machine with "
            '{"cluster": {"worker": ["host1:port", "host2:port"]}, "task": {"type": "worker", "index": K}} '
            "(see the README's 'Scaling out')"
        )


@functools.cache
def connect(kind: str = "auto") -> Cluster:
    """The ``Cluster`` for a ``distribute`` setting; once per process.

    Call it before TensorFlow does any other work: a multi-worker strategy
    configures TensorFlow's collective operations, which is possible only
    while TensorFlow has not started.

    Raises:
        ValueError: an unknown kind, ``multi-worker`` without ``TF_CONFIG``,
            ``mirrored`` or ``tpu`` with no device to use.
    """
    check_distribution(kind)
    import tensorflow as tf

    if kind == "auto":
        kind = "mirrored" if len(tf.config.list_physical_devices("GPU")) > 1 else "none"
    if kind == "none":
        return Cluster("none", tf.distribute.get_strategy())
    if kind == "mirrored":
        return Cluster("mirrored", tf.distribute.MirroredStrategy())
    if kind == "tpu":
        try:
            resolver = tf.distribute.cluster_resolver.TPUClusterResolver()
            tf.config.experimental_connect_to_cluster(resolver)
            tf.tpu.experimental.initialize_tpu_system(resolver)
        except (ValueError, RuntimeError, tf.errors.OpError) as error:
            raise ValueError(f"--distribute tpu: no TPU found ({error})") from None
        return Cluster("tpu", tf.distribute.TPUStrategy(resolver))
    config = cluster_from_environment()
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    resolver = strategy.cluster_resolver
    jobs = config["cluster"]
    is_chief = resolver.task_type == "chief" or (resolver.task_type == "worker" and resolver.task_id == 0 and "chief" not in jobs)
    workers = sum(len(jobs.get(job, [])) for job in ("chief", "worker"))
    return Cluster("multi-worker", strategy, worker=int(resolver.task_id), workers=workers, is_chief=is_chief)
