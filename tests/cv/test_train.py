import dataclasses
import json

import keras

import keras_hub
import numpy as np
import pytest

from implementor_tf.cv import model as model_module
from implementor_tf.cv.config import CV_RUN, CVConfig
from implementor_tf.cv.generate import CVWriter
from implementor_tf.cv.model import ModelLoadError, build_tiny_lm
from implementor_tf.cv.packing import pack_documents
from implementor_tf.cv.train import AdamWClippedOnceSummed, compile_for_training, train_cv
from implementor_tf.data.cv_corpus import CVCorpusError
from implementor_tf.run_folder import RunFolder

TINY = CVConfig.budget("test", n_cvs=60, sequence_length=64, batch_size=8, vocabulary_size=500)


def _hand_made_tokenizer():
    vocabulary = {"<|pad|>": 0, "<|endoftext|>": 1, "a": 2, "b": 3, "Ġ": 4, "ab": 5}
    return keras_hub.models.GPT2Tokenizer(vocabulary=vocabulary, merges=["a b"])


def test_windows_start_at_each_cv_run_on_and_are_never_padded():
    tokenizer = _hand_made_tokenizer()
    # Stream (<|endoftext|> = 1 starts every CV and ends the last):
    # 1 ab=5 | 1 b=3 a=2 Ġ=4 a=2 | 1 b=3 | 1; CVs start at 0, 2 and 7.
    windows = pack_documents(tokenizer, ["ab", "ba a", "b"], sequence_length=3)
    # One window per CV start, and one more 3 tokens into the long second CV;
    # the window at the last CV would run past the end and is dropped.
    assert windows.tolist() == [[1, 5, 1, 3], [1, 3, 2, 4], [4, 2, 1, 3]]
    padded = pack_documents(tokenizer, ["ab", "ba a", "b"], sequence_length=3, pad_remainder=True)
    assert padded.tolist()[-1] == [1, 3, 1, 0]


def _learning_rate_at(optimizer, step: int) -> float:
    optimizer.iterations.assign(step)
    return float(optimizer.learning_rate)


def test_the_optimiser_follows_the_config():
    tokenizer = _hand_made_tokenizer()
    config = dataclasses.replace(TINY, learning_rate=4e-3, warmup_steps=4, adam_beta_2=0.95, gradient_clip=1.0).resolved()
    lm = build_tiny_lm(tokenizer, config)
    compile_for_training(lm, config, steps_per_epoch=10)
    optimizer = lm.optimizer
    assert (optimizer.beta_2, optimizer.global_clipnorm) == (0.95, 1.0)
    assert [round(_learning_rate_at(optimizer, step), 6) for step in (0, 2, 4)] == [0.0, 0.002, 0.004]
    assert _learning_rate_at(optimizer, 4 + 2 * 10) == pytest.approx(4e-4)  # Decayed to a tenth after the epochs.
    # No clipping at 0; the warm-up never lasts longer than the first epoch.
    config = dataclasses.replace(config, warmup_steps=200, gradient_clip=0.0)
    compile_for_training(lm, config, steps_per_epoch=5)
    assert lm.optimizer.global_clipnorm is None
    assert _learning_rate_at(lm.optimizer, 5) == pytest.approx(4e-3)


def test_on_one_device_the_optimiser_clips_as_keras_does():
    def train(optimizer):
        weights = keras.Variable(np.ones(3, dtype="float32"))
        for gradient in ([30.0, -40.0, 0.0], [0.3, 0.1, -0.2], [0.0, 2.0, 1.0]):  # norms 50, 0.37, 2.2
            optimizer.apply([keras.ops.convert_to_tensor(np.float32(gradient))], [weights])
        return np.asarray(weights)

    ours = train(AdamWClippedOnceSummed(0.1, global_clipnorm=1.0))
    np.testing.assert_allclose(ours, train(keras.optimizers.AdamW(0.1, global_clipnorm=1.0)), rtol=1e-6)
    assert not np.allclose(ours, train(keras.optimizers.AdamW(0.1)), rtol=1e-3)  # Clipping did change the steps.
    # Across replicas, tests/test_distribute.py checks that two workers train as one device does.


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("cv") / "run"
    return train_cv(TINY, run_dir, verbose=0)


def test_loss_falls_and_files_are_written(tiny_run):
    history = tiny_run.history
    assert [record["epoch"] for record in history] == [1, 2]
    assert history[-1]["loss"] < history[0]["loss"]
    assert history[-1]["val_perplexity"] > 1
    for name in ("metrics.jsonl", "loss.png", "config.json", "preset/config.json", "preset/best.json"):
        assert (tiny_run.run_dir / name).exists(), name
    loaded = keras_hub.models.GPT2CausalLM.from_preset(str(tiny_run.run_dir / "preset"))
    assert loaded.backbone.num_layers == 1


def test_generated_text_starts_with_the_prompt_and_is_longer(tiny_run):
    writer = CVWriter.from_run(tiny_run.run_dir, sampler="top_k", top_k=5)
    prompt = "Name: Ada Jensen\nTitle:"
    texts = writer.generate(prompt, n=2, seed=3)
    assert len(texts) == 2
    for text in texts:
        assert text.startswith(prompt) and len(text) > len(prompt)
    assert writer.generate(prompt, n=2, seed=3) == texts  # Same seed, same CVs.
    assert writer.compiled_generate_traces() == 1  # The second call reused the compiled function.


def test_greedy_output_survives_a_preset_round_trip(tiny_run, tmp_path):
    before = CVWriter(tiny_run.lm, sampler="greedy").generate("Name:", max_length=40)
    tiny_run.lm.save_to_preset(str(tmp_path / "copy"))
    loaded = keras_hub.models.GPT2CausalLM.from_preset(str(tmp_path / "copy"))
    assert CVWriter(loaded, sampler="greedy").generate("Name:", max_length=40) == before


def test_resume_continues_from_the_last_epoch(tiny_run):
    resumed = train_cv(dataclasses.replace(TINY, epochs=3), tiny_run.run_dir, resume=True, verbose=0)
    assert [record["epoch"] for record in resumed.history] == [1, 2, 3]


def test_lora_trains_only_the_adapters():
    config = dataclasses.replace(TINY, epochs=1, n_cvs=20)
    from implementor_tf.cv.tokenizer import train_tokenizer
    from implementor_tf.data.synthetic_cvs import generate_cvs

    lm = build_tiny_lm(train_tokenizer(generate_cvs(20), 400), CVConfig.budget("test", sequence_length=32, num_layers=2, hidden_dim=16))
    model_module.enable_lora(lm, rank=4)
    # KerasHub puts LoRA on the query and value projections of every layer:
    # only the low-rank A and B matrices train (their biases are frozen too,
    # so KerasHub's LoRA file holds everything that trained).
    expected = {
        f"transformer_layer_{layer}/self_attention/{projection}/{name}"
        for layer in range(2)
        for projection in ("query", "value")
        for name in ("lora_kernel_a", "lora_kernel_b")
    }
    assert {weight.path for weight in lm.trainable_weights} == expected
    sizes = sorted(int(np.prod(weight.shape)) for weight in lm.trainable_weights)
    # A: 16 x 2 heads x rank 4; B: rank 4 x 8 (Keras's EinsumDense LoRA layout).
    assert sizes == [4 * 8] * 4 + [16 * 2 * 4] * 4
    assert sum(sizes) < 0.05 * lm.count_params()
    assert config.lora_rank is None


def test_pretrained_branch_with_a_local_preset(tiny_run, tmp_path):
    config = dataclasses.replace(TINY, model=str(tiny_run.run_dir / "preset"), epochs=1, lora_rank=2)
    run = train_cv(config, tmp_path / "fine", verbose=0)
    assert len(run.history) == 1 and (tmp_path / "fine" / "preset" / "config.json").exists()
    assert not (tmp_path / "fine" / "tokenizer").exists()  # The preset's own tokenizer was used.


def test_offline_preset_names_the_tiny_model(monkeypatch):
    def offline(*args, **kwargs):
        raise ConnectionError("no network")

    monkeypatch.setattr(keras_hub.models.GPT2CausalLM, "from_preset", offline)
    with pytest.raises(ModelLoadError, match="--model tiny"):
        model_module.load_pretrained_lm("gpt2_base_en")


def test_corpus_too_small_for_one_sequence(tmp_path):
    (tmp_path / "cvs").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "cvs" / name).write_text("Name: Ada")
    config = dataclasses.replace(TINY, corpus=str(tmp_path / "cvs"), sequence_length=64)
    with pytest.raises(CVCorpusError, match="too small"):
        train_cv(config, tmp_path / "run", verbose=0)


def test_existing_run_is_not_overwritten(tiny_run):
    with pytest.raises(FileExistsError, match="--resume"):
        train_cv(TINY, tiny_run.run_dir, verbose=0)
    assert json.loads((tiny_run.run_dir / "config.json").read_text())["num_layers"] == 1
    assert RunFolder(tiny_run.run_dir, CV_RUN).records()


class _Writer:
    """Stands in for a model: ``generate`` returns a CV naming the step."""

    def __init__(self):
        self.optimizer = type("Optimizer", (), {})()
        self.sampler = type("Sampler", (), {"reseed": lambda self, seed: None})()
        self.preprocessor = type("Preprocessor", (), {"sequence_length": 32})()

    def at(self, step):
        self.optimizer.iterations = type("Counter", (), {"numpy": lambda self: np.int64(step)})()
        return self

    def generate(self, prompt, max_length):
        return f"{prompt} Step{self.optimizer.iterations.numpy()}\n\nProfile\n=== not a mark"


def test_samples_of_a_resumed_run_replace_those_it_writes_again(tmp_path):
    from implementor_tf.cv.train import SampleCVs

    path = tmp_path / "samples.txt"
    writer = _Writer()
    callback = SampleCVs(path, every=2, say=lambda text: None)
    for step in (2, 3, 4, 6):  # Killed after step 6; the backup was taken at step 2.
        callback.set_model(writer.at(step))
        callback.on_train_batch_end(0)
    for step in (4, 6, 8):
        callback.set_model(writer.at(step))
        callback.on_train_batch_end(0)
    samples = SampleCVs(path, every=2).samples()
    assert list(samples) == [2, 4, 6, 8]
    assert samples[6] == "Name: Step6\n\nProfile\n=== not a mark"
    assert path.read_text(encoding="utf-8").count("=== step ") == 4
