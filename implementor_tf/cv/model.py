"""Building the CV writer: a KerasHub ``GPT2CausalLM``, pretrained or tiny.

Two budgets, one code path:

- ``model="tiny"`` (offline default): a small ``GPT2Backbone`` trained from
  scratch on the corpus, with a BPE vocabulary learnt from the corpus;
- ``model="gpt2_base_en"`` (or any KerasHub preset name or local preset
  folder): the pretrained network through ``GPT2CausalLM.from_preset``. Where
  the preset cannot be downloaded, a clear error names ``--model tiny``; the
  library never falls back silently.

Example:

>>> from implementor_tf.cv.tokenizer import train_tokenizer
>>> tokenizer = train_tokenizer(["Name: Ada Jensen\\nTitle: Consultant"] * 10, vocabulary_size=300)
>>> lm = build_tiny_lm(tokenizer, CVConfig.budget("test", sequence_length=32))
>>> lm.backbone.num_layers, lm.backbone.hidden_dim
(1, 32)
"""

from __future__ import annotations

import keras_hub

from implementor_tf.cv.config import CVConfig


class ModelLoadError(RuntimeError):
    """Raised when a pretrained preset cannot be loaded."""


def build_tiny_lm(tokenizer, config: CVConfig) -> keras_hub.models.GPT2CausalLM:
    """A GPT-2 trained from scratch: the KerasHub classes at a CPU-friendly size.

    Its sizes come from ``config`` (``num_layers``, ``num_heads``,
    ``hidden_dim``, ``intermediate_dim``, ``sequence_length``, ``dropout``)
    and so does its dtype policy (``config.resolved().precision``).

    Args:
        tokenizer: keras_hub.models.GPT2Tokenizer. Usually from ``train_tokenizer``.
        config: CVConfig. The settings.
    """
    config = config.resolved()
    backbone = keras_hub.models.GPT2Backbone(
        vocabulary_size=tokenizer.vocabulary_size(),
        num_layers=config.num_layers,
        num_heads=config.num_heads,
        hidden_dim=config.hidden_dim,
        intermediate_dim=config.intermediate_dim,
        max_sequence_length=config.sequence_length,
        dropout=config.dropout,
        dtype=config.precision,
    )
    preprocessor = keras_hub.models.GPT2CausalLMPreprocessor(tokenizer, sequence_length=config.sequence_length)
    return keras_hub.models.GPT2CausalLM(backbone=backbone, preprocessor=preprocessor)


def load_pretrained_lm(preset: str, sequence_length: int = 256, dtype: str | None = None) -> keras_hub.models.GPT2CausalLM:
    """A pretrained GPT-2 from a KerasHub preset name or a local preset folder.

    ``dtype`` (a Keras dtype policy such as ``"mixed_bfloat16"``) overrides
    the preset's own.

    Raises:
        ModelLoadError: when the preset cannot be loaded (offline, unknown name).
    """
    try:
        lm = keras_hub.models.GPT2CausalLM.from_preset(preset, **({"dtype": dtype} if dtype else {}))
    except Exception as error:  # Downloads fail with many exception types.
        raise ModelLoadError(
            f"could not load the KerasHub preset '{preset}': {type(error).__name__}: {error}\n"
            "Pretrained presets are downloaded the first time, which needs a network. "
            "Offline, use --model tiny to train a small GPT-2 from scratch."
        ) from error
    lm.preprocessor.sequence_length = sequence_length
    return lm


def enable_lora(lm, rank: int) -> None:
    """Freezes the backbone and adds rank-``rank`` LoRA adapters (KerasHub's ``enable_lora``).

    Keras leaves the biases of the adapted layers trainable, but KerasHub's
    ``save_lora_weights`` writes only the adapters: a fine-tuned bias would
    be lost between saving and loading the LoRA file (measured: every logit
    differed). So the biases are frozen too, and the adapters are all that
    trains, as in the LoRA paper (Hu et al., 2021).
    """
    lm.backbone.enable_lora(rank=rank)
    for layer in lm.backbone._flatten_layers():
        if getattr(layer, "lora_enabled", False) and getattr(layer, "bias", None) is not None:
            layer.bias.trainable = False


def describe(lm, model: str) -> str:
    """One line naming the model that was built and its parameter counts."""
    kind = "tiny GPT-2 trained from scratch" if model == "tiny" else f"pretrained preset {model}"
    backbone = lm.backbone
    trainable = sum(int(w.numpy().size) for w in lm.trainable_weights)
    return (
        f"Model: {kind}: {backbone.num_layers} layers, width {backbone.hidden_dim}, "
        f"vocabulary {backbone.vocabulary_size:,}, {lm.count_params():,} parameters ({trainable:,} trainable)"
    )
