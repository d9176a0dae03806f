"""Fine-tuning (or training) GPT-2 on CVs into a run folder.

``train_cv(config, run_dir)`` writes:

- ``config.json``: the settings, so ``--resume`` continues the same run;
- ``preset/``: the best model so far by validation loss, saved with
  ``save_to_preset`` (load it with ``keras_hub.models.GPT2CausalLM.from_preset``);
- ``metrics.jsonl`` and ``loss.png``: loss and perplexity per epoch;
- ``samples.txt``: a CV written by the model every ``sample_every`` steps;
- ``backup/``: Keras's ``BackupAndRestore`` state, to resume a killed run.

Every CV ends with the end-of-text token, so the model learns to stop, and the
CVs are packed back to back into full-length sequences that each start where a
CV starts: no step is spent on padding.

Example (a tiny run of one epoch on 40 CVs):

>>> import tempfile
>>> config = CVConfig.budget("test", n_cvs=40, epochs=1, sequence_length=64, batch_size=8, vocabulary_size=400)
>>> run = train_cv(config, tempfile.mkdtemp(), verbose=0)
>>> run.best_validation_loss > 0
True
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil
import time
from pathlib import Path

import keras
import keras_hub

from implementor_tf.cv.config import CV_RUN, CVConfig
from implementor_tf.cv.format import PROMPT
from implementor_tf.cv.model import (
    build_tiny_lm,
    describe,
    enable_lora,
    load_pretrained_lm,
)
from implementor_tf.cv.packing import (
    PackedCVPreprocessor,
    pack_documents,
    windows_to_dataset,
)
from implementor_tf.cv.sampling import make_sampler
from implementor_tf.cv.tokenizer import train_tokenizer
from implementor_tf.data.cv_corpus import CVCorpusError, load_cv_corpus
from implementor_tf.distribute import connect, fingerprint
from implementor_tf.precision import needs_loss_scaling
from implementor_tf.run_folder import RunFolder, save_atomically, write_text_atomically


@dataclasses.dataclass
class CVRun:
    """What ``train_cv`` returns."""

    lm: keras_hub.models.GPT2CausalLM
    run_dir: Path
    best_validation_loss: float
    history: list[dict]


class AtomicBackupAndRestore(keras.callbacks.BackupAndRestore):
    """Keras's ``BackupAndRestore``, with each backup file written whole or not at all.

    Keras writes ``latest.weights.h5`` in place, so a kill during the first
    backup leaves a truncated file that no resume can read. Here the weights
    and then the epoch counter are each written to a temporary file and
    renamed (``save_atomically``); a kill between the two costs at most one
    epoch trained twice. ``restore_from``: the folder to resume from, when
    it is not the one written (a worker resumes from the chief's backup).
    """

    def __init__(self, backup_dir, restore_from=None, **kwargs):
        super().__init__(backup_dir, **kwargs)
        self.restore_from = Path(restore_from or backup_dir)

    def on_train_begin(self, logs=None):
        # A worker other than the chief writes its own backups but resumes from the chief's.
        if self.restore_from != Path(self.backup_dir) and self.restore_from.is_dir():
            shutil.copytree(self.restore_from, self.backup_dir, dirs_exist_ok=True)
        super().on_train_begin(logs)

    def _save_model(self):
        Path(self.backup_dir).mkdir(parents=True, exist_ok=True)
        save_atomically(self._weights_path, lambda temporary: self.model.save_weights(str(temporary), overwrite=True))
        progress = {"epoch": self._current_epoch, "batch": self._last_batch_seen}
        write_text_atomically(self._training_metadata_path, json.dumps(progress))


SAMPLE_MARK = "=== step "


class SampleCVs(keras.callbacks.Callback):
    """Writes a sample CV every ``every`` steps to the console and ``samples.txt``."""

    def __init__(self, path, every: int, seed: int = 0, max_length: int | None = None, say=print):
        super().__init__()
        self.path = Path(path)
        self.every = every
        self.seed = seed
        self.max_length = max_length
        self.say = say

    def samples(self) -> dict[int, str]:
        """Step -> the CV written then, from the file."""
        if not self.path.exists():
            return {}
        parts = re.split(rf"^{re.escape(SAMPLE_MARK)}(\d+)\n", self.path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        return {int(step): text.removesuffix("\n\n") for step, text in zip(parts[1::2], parts[2::2])}

    def on_train_batch_end(self, batch, logs=None):
        step = int(self.model.optimizer.iterations.numpy())
        if self.every and step % self.every == 0:
            self.model.sampler.reseed(self.seed + step)  # The model's own sampler (top-p).
            max_length = self.max_length or self.model.preprocessor.sequence_length
            text = self.model.generate(PROMPT, max_length=max_length)
            samples = self.samples()
            samples[step] = text  # A resumed run replaces what it writes again.
            write_text_atomically(self.path, "".join(f"{SAMPLE_MARK}{at}\n{cv}\n\n" for at, cv in sorted(samples.items())))
            self.say(f"\n--- sample CV at step {step} ---\n{text}\n---")


class SaveBestPreset(keras.callbacks.Callback):
    """Saves the model with ``save_to_preset`` whenever the validation loss improves.

    The preset gets KerasHub's own ``GPT2CausalLMPreprocessor`` (same
    tokenizer and length), so ``keras_hub.models.GPT2CausalLM.from_preset``
    loads it without this library. It is written to a temporary folder and
    swapped in by renames, so ``preset/`` is always a complete preset.
    """

    def __init__(self, directory, best: float = math.inf):
        super().__init__()
        self.directory = Path(directory)
        self.best = best

    def on_epoch_end(self, epoch, logs=None):
        loss = (logs or {}).get("val_loss")
        if loss is None or not loss < self.best:
            return
        self.best = float(loss)
        fresh = self.directory.with_name(self.directory.name + ".new")
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(fresh, ignore_errors=True)
        preprocessor = self.model.preprocessor
        plain = keras_hub.models.GPT2CausalLMPreprocessor(preprocessor.tokenizer, sequence_length=preprocessor.sequence_length)
        keras_hub.models.GPT2CausalLM(backbone=self.model.backbone, preprocessor=plain).save_to_preset(str(fresh))
        write_text_atomically(fresh / "best.json", json.dumps({"epoch": epoch + 1, "val_loss": self.best}))
        if self.directory.exists():
            self.directory.rename(old)
        fresh.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)


class EpochLog(keras.callbacks.Callback):
    """Appends every epoch's logs to the run's log (``metrics.jsonl``) and redraws its plot (``loss.png``)."""

    def __init__(self, run: RunFolder, tokens_per_epoch: int):
        super().__init__()
        self.run = run
        self.tokens_per_epoch = tokens_per_epoch
        self._start = 0.0

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()
        records = self.run.records()
        if records and records[-1]["epoch"] > epoch:  # Resumed from an earlier backup: those epochs are trained again.
            self.run.keep_records(sum(record["epoch"] <= epoch for record in records))

    def on_epoch_end(self, epoch, logs=None):
        seconds = time.perf_counter() - self._start
        record = {"epoch": epoch + 1, "seconds": round(seconds, 1), "tokens_per_second": round(self.tokens_per_epoch / seconds, 1)}
        record.update({key: float(value) for key, value in (logs or {}).items()})
        self.run.log(record)
        plot_cv_losses(self.run.records(), self.run.plot_path)


def plot_cv_losses(records: list[dict], path) -> None:
    """Training and validation loss per epoch, with validation perplexity."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [record["epoch"] for record in records]
    figure, (loss_axes, perplexity_axes) = plt.subplots(1, 2, figsize=(10, 3.6))
    loss_axes.plot(epochs, [record.get("loss") for record in records], marker="o", label="training")
    loss_axes.plot(epochs, [record.get("val_loss") for record in records], marker="o", label="validation")
    loss_axes.set(title="Loss (cross-entropy per token)", xlabel="epoch")
    loss_axes.legend()
    perplexity_axes.plot(epochs, [record.get("val_perplexity") for record in records], marker="o", color="C1")
    perplexity_axes.set(title="Validation perplexity", xlabel="epoch")
    figure.tight_layout()
    save_atomically(path, lambda temporary: figure.savefig(temporary, dpi=100))
    plt.close(figure)


def build_lm(config: CVConfig, train_texts: list[str], run_dir: Path, resume: bool):
    """The language model a config names; a resumed tiny model reads its tokenizer from ``run_dir/tokenizer``."""
    if config.model != "tiny":
        return load_pretrained_lm(config.model, config.sequence_length, dtype=config.precision)
    tokenizer_dir = run_dir / "tokenizer"
    if resume and (tokenizer_dir / "vocabulary.json").exists():
        tokenizer = keras_hub.models.GPT2Tokenizer(
            vocabulary=str(tokenizer_dir / "vocabulary.json"), merges=str(tokenizer_dir / "merges.txt")
        )
    else:  # Saved by train_cv once the run starts, so a corpus that fails the checks leaves no folder.
        tokenizer = train_tokenizer(train_texts, config.vocabulary_size, split_capitalised=config.split_capitalised)
    return build_tiny_lm(tokenizer, config)


@keras.saving.register_keras_serializable(package="implementor_tf")
class AdamWClippedOnceSummed(keras.optimizers.AdamW):
    """AdamW that clips the gradient once it is summed over the replicas, not before.

    Keras 3 on TensorFlow clips each replica's share of the gradient before
    the shares are summed (``BaseOptimizer.apply`` clips, then the TensorFlow
    update step all-reduces), so two workers clipping two half-batch
    gradients train differently from one device on the same global batch
    (``tests/test_distribute.py`` measured it). Here clipping waits for the
    sum; on one device the sum is the gradient itself.
    """

    def _clip_gradients(self, grads):
        return grads  # Clipped in _all_reduce_sum_gradients, once summed.

    def _all_reduce_sum_gradients(self, grads_and_vars):
        summed = super()._all_reduce_sum_gradients(grads_and_vars)
        clipped = super()._clip_gradients([grad for grad, _ in summed])
        return [(grad, variable) for grad, (_, variable) in zip(clipped, summed)]


def compile_for_training(lm, config: CVConfig, steps_per_epoch: int) -> None:
    """AdamW with warm-up, cosine decay and (``gradient_clip``) clipping, the sampler and the perplexity metric.

    ``config`` must be resolved (a concrete precision); float16 gets loss scaling.
    """
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=0.0,
        decay_steps=max(1, steps_per_epoch * config.epochs),
        warmup_target=config.peak_learning_rate,
        warmup_steps=min(config.warmup_steps, steps_per_epoch),
        alpha=0.1,
    )
    optimizer = AdamWClippedOnceSummed(
        schedule,
        weight_decay=config.weight_decay,
        beta_2=config.adam_beta_2,
        global_clipnorm=config.gradient_clip or None,
    )
    optimizer.exclude_from_weight_decay(var_names=["bias", "gamma", "beta"])
    if needs_loss_scaling(config.precision):
        optimizer = keras.optimizers.LossScaleOptimizer(optimizer)
    lm.compile(
        optimizer=optimizer,
        sampler=make_sampler("top_p", seed=config.seed),
        weighted_metrics=[keras_hub.metrics.Perplexity(from_logits=True, name="perplexity")],
        jit_compile="auto" if config.jit_compile is None else config.jit_compile,
    )


def train_cv(config: CVConfig, run_dir, resume: bool = False, verbose: int | str = "auto") -> CVRun:
    """Trains (or resumes) a CV language model and writes its run folder.

    Args:
        config: CVConfig. The settings.
        run_dir: str or Path. Output folder.
        resume: bool. Continue from the backup in ``run_dir``.
        verbose: Keras verbosity: 1 shows a progress bar, 0 is silent.

    Raises:
        FileExistsError: ``run_dir`` holds a run and ``resume`` is false.
        CVCorpusError: the corpus is empty or too small for one sequence.
        ModelLoadError: a pretrained preset cannot be loaded.
    """
    cluster = connect(config.distribute)  # First: a cluster of workers must be set up before TensorFlow starts.
    run = RunFolder(run_dir, CV_RUN)
    config = cluster.start(run, config, resume)
    cluster.check_batch(config.batch_size)
    say = print if verbose else (lambda *args: None)
    keras.utils.set_random_seed(config.seed)

    corpus = load_cv_corpus(config.corpus, n=config.n_cvs, seed=config.seed, validation_fraction=config.validation_fraction)
    say(f"Corpus: {corpus.description}; {len(corpus.train):,} for training, {len(corpus.validation):,} held out")
    with cluster.scope():
        lm = build_lm(config, corpus.train, run.path, resume)
    lm.preprocessor = PackedCVPreprocessor.like(lm.preprocessor)  # Takes packed windows in fit, text in generate.
    tokenizer = lm.preprocessor.tokenizer
    cluster.check_same("vocabulary", json.dumps([dict(tokenizer.vocabulary), list(tokenizer.merges)], ensure_ascii=False))
    train_windows = pack_documents(tokenizer, corpus.train, config.sequence_length)
    if len(train_windows) == 0:
        raise CVCorpusError(
            f"the corpus is too small: its training CVs make fewer than {config.sequence_length + 1} tokens, "
            f"not one training sequence; add CVs or lower --sequence-length"
        )
    validation_windows = pack_documents(tokenizer, corpus.validation, config.sequence_length, pad_remainder=True)
    with cluster.folder(run) as out:  # The run's own folder on the chief, a scratch folder on other workers.
        return _train(config, run, out, cluster, lm, train_windows, validation_windows, resume, say, verbose)


def _train(config, run, out, cluster, lm, train_windows, validation_windows, resume, say, verbose) -> CVRun:
    """``train_cv`` once the settings, the model, the data and the folder to write are known."""
    if resume:
        out.reopen()
    out.save_settings(config)  # Everything is checked: the run starts.
    if config.model == "tiny" and not (out / "tokenizer" / "vocabulary.json").exists():
        (out / "tokenizer").mkdir(exist_ok=True)
        lm.preprocessor.tokenizer.save_assets(str(out / "tokenizer"))

    steps = math.ceil(len(train_windows) / config.batch_size)
    with cluster.scope():
        if config.lora_rank:
            enable_lora(lm, config.lora_rank)
        compile_for_training(lm, config, steps)
        lm.optimizer.build(lm.trainable_variables)  # Here, in the scope, not in the first step.
    cluster.prepare(lm)
    say(describe(lm, config.model) + f"; {cluster.describe()}")
    say(
        f"Training on {len(train_windows):,} packed sequences of {config.sequence_length} tokens, one starting at each CV; "
        f"validating on {len(validation_windows):,}"
    )

    best_path = run / "preset" / "best.json"
    best = json.loads(best_path.read_text())["val_loss"] if resume and best_path.exists() else math.inf
    callbacks = [
        AtomicBackupAndRestore(str(out / "backup"), delete_checkpoint=False, restore_from=run / "backup"),
        EpochLog(out, tokens_per_epoch=len(train_windows) * config.sequence_length),
        SaveBestPreset(out / "preset", best=best),
        keras.callbacks.TerminateOnNaN(),
    ]
    if config.sample_every:
        callbacks.append(SampleCVs(out / "samples.txt", config.sample_every, seed=config.seed, say=say))
    with cluster.scope():
        lm.fit(
            cluster.shard(windows_to_dataset(train_windows, config.batch_size, shuffle_seed=config.seed)),
            validation_data=cluster.shard(windows_to_dataset(validation_windows, config.batch_size)),
            epochs=config.epochs,
            callbacks=callbacks,
            shuffle=False,  # The data set shuffles itself.
            verbose=verbose,
        )
    history = out.records()
    out.mark_finished({"epochs": len(history), "training_seconds": round(sum(record["seconds"] for record in history), 1)})
    best_record = min(history, key=lambda record: record["val_loss"], default=None)
    best = best_record["val_loss"] if best_record else math.inf
    if best_record:
        say(
            f"Trained {len(history)} epochs in {sum(record['seconds'] for record in history):.0f} s; "
            f"weights {fingerprint(lm)}. "
            f"Best validation loss {best:.3f}, validation perplexity {best_record['val_perplexity']:.2f} "
            f"(epoch {best_record['epoch']}); model saved in {run.path / 'preset'}. "
            f"Write CVs with: implementor cv generate --run {run.path}"
        )
    return CVRun(lm, run.path, best, history)
