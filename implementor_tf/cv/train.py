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
>>> config = CVConfig(n_cvs=40, epochs=1, sequence_length=64, batch_size=8, vocabulary_size=400,
...                   num_layers=1, hidden_dim=16, num_heads=2, sample_every=0)
>>> run = train_cv(config, tempfile.mkdtemp(), verbose=0)
>>> run.best_validation_loss > 0
True
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import shutil
import time
from pathlib import Path

import keras
import keras_hub
import numpy as np
import tensorflow as tf

from implementor_tf.cv.model import build_tiny_lm, describe, enable_lora, load_pretrained_lm
from implementor_tf.cv.sampling import make_sampler
from implementor_tf.cv.tokenizer import train_tokenizer
from implementor_tf.data.cv_corpus import CVCorpusError, load_cv_corpus
from implementor_tf.jsonl import append_jsonl, read_jsonl
from implementor_tf.precision import check_precision, needs_loss_scaling, resolve_precision
from implementor_tf.run_config import resume_config

SAMPLE_PROMPT = "Name:"


@dataclasses.dataclass
class CVConfig:
    """Settings of a CV run; the defaults are the README's offline budget.

    The tiny model (4 layers of width 128, a BPE vocabulary learnt from the
    corpus) trains on 2,000 synthetic CVs for 5 epochs in about 11 minutes on
    a 2-core CPU.
    """

    corpus: str = "synthetic"
    model: str = "tiny"  # Or a KerasHub preset name / folder, e.g. gpt2_base_en.
    epochs: int = 3
    sequence_length: int = 256
    batch_size: int = 16
    learning_rate: float | None = None  # None: 2e-3 for tiny, 5e-5 for a preset.
    weight_decay: float = 0.01
    lora_rank: int | None = None
    seed: int = 0
    n_cvs: int = 10000  # Size of the synthetic corpus.
    validation_fraction: float = 0.1
    vocabulary_size: int = 4096  # Tiny model only.
    split_capitalised: bool = False  # Tiny model only: keep capitalised words apart from their space (see cv/tokenizer.py).
    num_layers: int = 4
    hidden_dim: int = 128
    num_heads: int = 4
    dropout: float = 0.0  # Tiny model only (a preset keeps its own); 0.1 costs a third of the speed on a CPU.
    precision: str = "auto"  # float32, mixed_bfloat16, mixed_float16 or auto: mixed_float16 on a GPU, float32 on a CPU.
    jit_compile: bool | None = None  # XLA for training and generating; None: Keras decides (off on a CPU).
    sample_every: int = 200  # Steps between sample CVs; 0 turns samples off.

    def __post_init__(self):
        check_precision(self.precision)

    def resolved(self) -> CVConfig:
        """This config with ``precision`` decided for this machine.

        Unlike the face's, ``auto`` keeps float32 on a CPU even where bfloat16
        matrix products are faster: at width 128 the step is bound by memory
        and element-wise work, and ``benchmarks/cv_train.py`` measures mixed
        bfloat16 slower than float32.
        """
        return dataclasses.replace(self, precision=resolve_precision(self.precision, cpu_bfloat16=False))

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> CVConfig:
        return cls(**json.loads(text))

    @property
    def peak_learning_rate(self) -> float:
        if self.learning_rate is not None:
            return self.learning_rate
        return 2e-3 if self.model == "tiny" else 5e-5


@dataclasses.dataclass
class CVRun:
    """What ``train_cv`` returns."""

    lm: keras_hub.models.GPT2CausalLM
    run_dir: Path
    best_validation_loss: float
    history: list[dict]


def pack_documents(tokenizer, texts: list[str], sequence_length: int, pad_remainder: bool = False) -> np.ndarray:
    """Full-length token windows, each starting where a CV starts.

    The CVs are laid end to end as ``<start> CV <start> CV ... <end>`` (for
    GPT-2 both are ``<|endoftext|>``, so every CV is also ended by it). A window
    of ``sequence_length + 1`` tokens starts at every CV's start token (and
    every ``sequence_length`` tokens inside a CV longer than that) and runs on
    into the CVs that follow, so no position is spent on padding. Aligning
    windows with CV starts matters: GPT-2 learns absolute positions, and
    generation always puts the start token at position 0 and the CV's first
    words right after it, which windows at random offsets would seldom show.
    Windows that would run past the end are dropped, or (``pad_remainder``)
    padded with id 0, which the loss ignores.

    Returns:
        int32 array ``(windows, sequence_length + 1)``.
    """
    window = sequence_length + 1
    stream, starts = [], []
    for ids in tokenizer(texts):
        ids = np.asarray(ids).tolist()
        starts.extend(range(len(stream), len(stream) + len(ids) + 1, sequence_length))
        stream.append(tokenizer.start_token_id)
        stream.extend(ids)
    stream.append(tokenizer.end_token_id)
    windows = []
    for start in starts:
        tokens = stream[start : start + window]
        if len(tokens) < window:
            if not pad_remainder:
                continue
            tokens = tokens + [tokenizer.pad_token_id] * (window - len(tokens))
        windows.append(tokens)
    return np.asarray(windows, dtype=np.int32).reshape(len(windows), window)


def windows_to_dataset(windows: np.ndarray, batch_size: int, shuffle_seed: int | None = None) -> tf.data.Dataset:
    """``(inputs, next tokens, weights)`` batches, as ``GPT2CausalLM.fit`` takes them."""
    inputs, labels = windows[:, :-1], windows[:, 1:]
    features = {"token_ids": inputs, "padding_mask": np.ones_like(inputs, dtype=bool)}
    weights = (labels != 0).astype(np.float32)
    dataset = tf.data.Dataset.from_tensor_slices((features, labels, weights))
    if shuffle_seed is not None:
        dataset = dataset.shuffle(len(windows), seed=shuffle_seed, reshuffle_each_iteration=True)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)


@contextlib.contextmanager
def attached(lm, preprocessor):
    """Puts the preprocessor back on ``lm`` for a moment (to generate or save).

    During ``fit`` the preprocessor is detached, because the data arrives
    already tokenized and packed (KerasHub's way to train on custom
    preprocessing); generating and saving a preset need it.
    """
    lm.preprocessor = preprocessor
    try:
        yield lm
    finally:
        lm.preprocessor = None


class SampleCVs(keras.callbacks.Callback):
    """Writes a sample CV every ``every`` steps to the console and ``samples.txt``."""

    def __init__(self, path, every: int, preprocessor, seed: int = 0, max_length: int | None = None, say=print):
        super().__init__()
        self.preprocessor = preprocessor
        self.path = Path(path)
        self.every = every
        self.seed = seed
        self.max_length = max_length
        self.say = say

    def on_train_batch_end(self, batch, logs=None):
        step = int(self.model.optimizer.iterations.numpy())
        if self.every and step % self.every == 0:
            self.model.sampler.reseed(self.seed + step)  # The model's own sampler (top-p).
            with attached(self.model, self.preprocessor):
                max_length = self.max_length or self.preprocessor.sequence_length
                text = self.model.generate(SAMPLE_PROMPT, max_length=max_length)
            with self.path.open("a", encoding="utf-8") as file:
                file.write(f"=== step {step}\n{text}\n\n")
            self.say(f"\n--- sample CV at step {step} ---\n{text}\n---")


class SaveBestPreset(keras.callbacks.Callback):
    """Saves the model with ``save_to_preset`` whenever the validation loss improves.

    The preset is written to a temporary folder and swapped in by renames, so
    ``preset/`` is always a complete preset.
    """

    def __init__(self, directory, preprocessor, best: float = math.inf):
        super().__init__()
        self.directory = Path(directory)
        self.preprocessor = preprocessor
        self.best = best

    def on_epoch_end(self, epoch, logs=None):
        loss = (logs or {}).get("val_loss")
        if loss is None or not loss < self.best:
            return
        self.best = float(loss)
        fresh = self.directory.with_name(self.directory.name + ".new")
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(fresh, ignore_errors=True)
        with attached(self.model, self.preprocessor):
            self.model.save_to_preset(str(fresh))
        (fresh / "best.json").write_text(json.dumps({"epoch": epoch + 1, "val_loss": self.best}))
        if self.directory.exists():
            self.directory.rename(old)
        fresh.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)


class EpochLog(keras.callbacks.Callback):
    """Appends every epoch's logs to ``metrics.jsonl`` and redraws ``loss.png``."""

    def __init__(self, run_dir, tokens_per_epoch: int):
        super().__init__()
        self.run_dir = Path(run_dir)
        self.tokens_per_epoch = tokens_per_epoch
        self._start = 0.0

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        seconds = time.perf_counter() - self._start
        record = {"epoch": epoch + 1, "seconds": round(seconds, 1), "tokens_per_second": round(self.tokens_per_epoch / seconds, 1)}
        record.update({key: float(value) for key, value in (logs or {}).items()})
        append_jsonl(self.run_dir / "metrics.jsonl", record)
        plot_cv_losses(read_jsonl(self.run_dir / "metrics.jsonl"), self.run_dir / "loss.png")


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
    figure.savefig(path, dpi=100)
    plt.close(figure)


def build_lm(config: CVConfig, train_texts: list[str], run_dir: Path, resume: bool):
    """The language model a config names; the tiny tokenizer is kept in ``run_dir/tokenizer``."""
    if config.model != "tiny":
        return load_pretrained_lm(config.model, config.sequence_length, dtype=config.precision)
    tokenizer_dir = run_dir / "tokenizer"
    if resume and (tokenizer_dir / "vocabulary.json").exists():
        tokenizer = keras_hub.models.GPT2Tokenizer(
            vocabulary=str(tokenizer_dir / "vocabulary.json"), merges=str(tokenizer_dir / "merges.txt")
        )
    else:
        tokenizer = train_tokenizer(train_texts, config.vocabulary_size, split_capitalised=config.split_capitalised)
        tokenizer_dir.mkdir(parents=True, exist_ok=True)
        tokenizer.save_assets(str(tokenizer_dir))
    return build_tiny_lm(
        tokenizer, config.sequence_length, dropout=config.dropout, dtype=config.precision,
        num_layers=config.num_layers, hidden_dim=config.hidden_dim,
        num_heads=config.num_heads, intermediate_dim=4 * config.hidden_dim,
    )


def compile_for_training(lm, config: CVConfig, steps_per_epoch: int) -> None:
    """AdamW with warm-up and cosine decay, the sampler and the perplexity metric.

    ``config`` must be resolved (a concrete precision); float16 gets loss scaling.
    """
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=0.0,
        decay_steps=max(1, steps_per_epoch * config.epochs),
        warmup_target=config.peak_learning_rate,
        warmup_steps=min(200, steps_per_epoch),
        alpha=0.1,
    )
    optimizer = keras.optimizers.AdamW(schedule, weight_decay=config.weight_decay)
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
    run_dir = Path(run_dir)
    config = resume_config(run_dir, config, resume, kind="CV", longer="epochs").resolved()
    say = print if verbose else (lambda *args: None)
    keras.utils.set_random_seed(config.seed)

    corpus = load_cv_corpus(config.corpus, n=config.n_cvs, seed=config.seed, validation_fraction=config.validation_fraction)
    say(f"Corpus: {corpus.description}; {len(corpus.train):,} for training, {len(corpus.validation):,} held out")
    run_dir.mkdir(parents=True, exist_ok=True)
    lm = build_lm(config, corpus.train, run_dir, resume)
    preprocessor = lm.preprocessor
    tokenizer = preprocessor.tokenizer
    train_windows = pack_documents(tokenizer, corpus.train, config.sequence_length)
    if len(train_windows) == 0:
        raise CVCorpusError(
            f"the corpus is too small: its training CVs make fewer than {config.sequence_length + 1} tokens, "
            f"not one training sequence; add CVs or lower --sequence-length"
        )
    validation_windows = pack_documents(tokenizer, corpus.validation, config.sequence_length, pad_remainder=True)
    (run_dir / "config.json").write_text(config.to_json())

    if config.lora_rank:
        enable_lora(lm, config.lora_rank)
    steps = math.ceil(len(train_windows) / config.batch_size)
    compile_for_training(lm, config, steps)
    say(describe(lm, config.model))
    say(
        f"Training on {len(train_windows):,} packed sequences of {config.sequence_length} tokens, one starting at each CV; "
        f"validating on {len(validation_windows):,}"
    )

    best_path = run_dir / "preset" / "best.json"
    best = json.loads(best_path.read_text())["val_loss"] if resume and best_path.exists() else math.inf
    callbacks = [
        keras.callbacks.BackupAndRestore(str(run_dir / "backup"), delete_checkpoint=False, double_checkpoint=True),
        EpochLog(run_dir, tokens_per_epoch=len(train_windows) * config.sequence_length),
        SaveBestPreset(run_dir / "preset", preprocessor, best=best),
        keras.callbacks.TerminateOnNaN(),
    ]
    if config.sample_every:
        callbacks.append(SampleCVs(run_dir / "samples.txt", config.sample_every, preprocessor, seed=config.seed, say=say))
    lm.preprocessor = None  # The data is tokenized and packed already.
    try:
        lm.fit(
            windows_to_dataset(train_windows, config.batch_size, shuffle_seed=config.seed),
            validation_data=windows_to_dataset(validation_windows, config.batch_size),
            epochs=config.epochs,
            callbacks=callbacks,
            shuffle=False,  # The data set shuffles itself.
            verbose=verbose,
        )
    finally:
        lm.preprocessor = preprocessor
    history = read_jsonl(run_dir / "metrics.jsonl")
    best_record = min(history, key=lambda record: record["val_loss"], default=None)
    best = best_record["val_loss"] if best_record else math.inf
    if best_record:
        say(
            f"Best validation loss {best:.3f}, validation perplexity {best_record['val_perplexity']:.2f} "
            f"(epoch {best_record['epoch']}); model saved in {run_dir / 'preset'}. "
            f"Write CVs with: implementor cv generate --run {run_dir}"
        )
    return CVRun(lm, run_dir, best, history)
