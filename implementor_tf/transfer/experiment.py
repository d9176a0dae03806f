"""The label-budget experiment: how much does generative pre-training save in labels?

For each budget (say 10, 25, 50, 100 labels) and each of several random
draws, the same labelled images train every mode, and every classifier is
scored on the same held-out images:

- ``probe``: a linear probe on the face run's frozen discriminator trunk;
- ``fine_tune``: that probe, then the whole network at a low learning rate;
- ``scratch``: the same architecture from random weights (the control);
- ``imagenet``: a linear probe on MobileNetV3Small's ImageNet features, where
  those weights can be loaded; otherwise reported as unavailable, with why.

Example (a tiny face run, one budget of four labels, one draw):

>>> import tempfile
>>> from implementor_tf.face.config import FaceConfig
>>> from implementor_tf.face.train import train_face
>>> run_dir = tempfile.mkdtemp()
>>> _ = train_face(FaceConfig.budget("test", kimg=0.064, n_images=32), run_dir, verbose=0)
>>> result = run_transfer_experiment(run_dir, "glasses", budgets=[4], repeats=1, imagenet=False,
...                                  settings=TrainingSettings(steps=2, probe_max_steps=25), task_size=(8, 8), say=None)
>>> [name for name, mode in result["modes"].items() if mode["available"]]
['probe', 'fine_tune', 'scratch']
"""

from __future__ import annotations

import dataclasses
import time

import keras
import numpy as np
from tqdm.auto import tqdm

from implementor_tf.data.portraits import LFW_FACES
from implementor_tf.face.sample import load_discriminator
from implementor_tf.metrics.kid import FeatureExtractorUnavailable
from implementor_tf.transfer.budget import sample_budget
from implementor_tf.transfer.classifier import (
    TrainingSettings,
    accuracy,
    copy_model,
    fine_tune,
    linear_probe,
    train_from_scratch,
)
from implementor_tf.transfer.imagenet import imagenet_trunk
from implementor_tf.transfer.tasks import (
    FACE_VS_NONFACE,
    LFW_HOLDOUT_FROM,
    TransferTask,
    load_task,
)
from implementor_tf.transfer.trunk import discriminator_trunk

MODES = ("probe", "fine_tune", "scratch", "imagenet")
MODE_TITLES = {
    "probe": "linear probe, frozen discriminator",
    "fine_tune": "fine-tuned discriminator",
    "scratch": "same network from scratch",
    "imagenet": "linear probe, ImageNet MobileNetV3",
}


def pretraining_notes(task: TransferTask, config) -> list[str]:
    """What the discriminator saw before any label, and whether it overlaps the held-out set."""
    if task.name == FACE_VS_NONFACE:
        if config.data != "lfw":
            return [f"The discriminator was trained on {config.data!r} images, not on LFW faces."]
        seen = min(config.n_images, LFW_FACES)
        overlap = max(0, seen - LFW_HOLDOUT_FROM)
        if overlap:
            return [
                f"The discriminator was trained on LFW faces 0-{seen - 1}: it saw {overlap} of the held-out faces "
                "(without labels), which flatters the pretrained modes. Train the face run with --n-images "
                f"{LFW_HOLDOUT_FROM} for a clean held-out set."
            ]
        return [f"The discriminator was trained on LFW faces 0-{seen - 1} only: no held-out image, and no non-face, was seen."]
    if config.data != "synthetic":
        return [f"The discriminator was trained on {config.data!r} images, not on synthetic portraits."]
    return [f"The discriminator was trained on {config.n_images:,} unlabelled synthetic portraits (seed {config.seed}), none of them in this task."]


def _summary(runs: list[float]) -> dict:
    return {"mean": float(np.mean(runs)), "std": float(np.std(runs)), "runs": runs}


def run_transfer_experiment(
    face_run,
    task: str = "glasses",
    budgets=(10, 25, 50, 100),
    repeats: int = 5,
    cut: str | None = None,
    settings: TrainingSettings | None = None,
    imagenet: bool = True,
    seed: int = 0,
    task_size: tuple[int, int] = (200, 200),
    say=print,
) -> dict:
    """Accuracy on the held-out set for every mode, budget and draw.

    Args:
        face_run: str or Path. A face run folder with checkpoints.
        task: str. One of ``implementor_tf.transfer.TASKS``.
        budgets: ints. Numbers of labelled images to train on.
        repeats: int. Random draws per budget (mean and std are reported).
        cut: str or None. Last discriminator block kept (default: all).
        settings: TrainingSettings or None.
        imagenet: bool. Try the ImageNet baseline (it needs its weights).
        seed: int. Seed of the draws and of the trainings.
        task_size: (pool, held out) images per class for synthetic attributes.
        say: function for progress messages, or None for silence.

    Returns:
        A JSON-ready dict; ``format_table`` and ``plot_transfer`` read it.
    """
    settings = settings or TrainingSettings()
    quiet = say is None
    say = say or (lambda *args: None)
    started = time.perf_counter()
    discriminator, config, checkpoint = load_discriminator(face_run)
    trunk = discriminator_trunk(discriminator, cut)
    data = load_task(task, config.image_size, per_class_pool=task_size[0], per_class_holdout=task_size[1])
    budgets = sorted(set(int(budget) for budget in budgets))
    if budgets[-1] > len(data.pool):
        raise ValueError(f"the task {task!r} has {len(data.pool)} images to label; a budget of {budgets[-1]} is too many")
    notes = pretraining_notes(data, config)
    say(f"Task {task}: {data.description}")
    say(f"Trunk: {face_run} discriminator ({checkpoint.name}) up to {trunk.name.removeprefix('trunk_to_')}, features {trunk.output_shape[1:]}")
    for note in notes:
        say(note)

    modes = {mode: {"title": MODE_TITLES[mode], "available": True, "accuracy": {}} for mode in MODES}
    imagenet_network = None
    if imagenet:
        try:
            imagenet_network = imagenet_trunk(config.image_size)
        except FeatureExtractorUnavailable as error:
            modes["imagenet"].update(available=False, reason=str(error))
    else:
        modes["imagenet"].update(available=False, reason="not asked for")
    if not modes["imagenet"]["available"]:
        say(f"ImageNet baseline unavailable: {modes['imagenet']['reason']}")
    imagenet_settings = dataclasses.replace(settings, pooling="average")

    held_out_images, held_out_labels = data.images[data.holdout], data.labels[data.holdout]
    n_classes = len(data.class_names)
    results = {mode: {budget: [] for budget in budgets} for mode in MODES}
    seconds = dict.fromkeys(MODES, 0.0)
    draws = [(budget, repeat) for budget in budgets for repeat in range(repeats)]
    for budget, repeat in tqdm(draws, desc=f"transfer {task}", unit="draw", disable=quiet or len(draws) < 2, leave=False):
        run_seed = seed * 1000 + repeat  # The same draw of labels, and the same start, for every mode.
        chosen = sample_budget(data.labels, data.pool, budget, seed=run_seed, holdout=data.holdout)
        images, labels = data.images[chosen], data.labels[chosen]

        def timed(mode, train):
            keras.utils.set_random_seed(run_seed)
            tick = time.perf_counter()
            classifier = train()
            results[mode][budget].append(accuracy(classifier, held_out_images, held_out_labels))
            seconds[mode] += time.perf_counter() - tick
            return classifier

        probed = timed("probe", lambda: linear_probe(copy_model(trunk), images, labels, n_classes, settings))
        timed("fine_tune", lambda: fine_tune(probed, images, labels, settings))
        timed("scratch", lambda: train_from_scratch(trunk, images, labels, n_classes, settings, seed=run_seed))
        if imagenet_network is not None:
            timed("imagenet", lambda: linear_probe(imagenet_network, images, labels, n_classes, imagenet_settings))
    seconds["fine_tune"] += seconds["probe"]  # The fine-tune starts from the probe.

    for mode, by_budget in results.items():
        if modes[mode]["available"]:
            modes[mode]["accuracy"] = {str(budget): _summary(runs) for budget, runs in by_budget.items()}
            modes[mode]["seconds"] = round(seconds[mode], 1)
    return {
        "task": task,
        "classes": list(data.class_names),
        "description": data.description,
        "face_run": str(face_run),
        "checkpoint": str(checkpoint),
        "pretraining": {"data": config.data, "n_images": config.n_images, "image_size": config.image_size},
        "cut": trunk.name.removeprefix("trunk_to_"),
        "settings": dataclasses.asdict(settings),
        "n_holdout": int(len(data.holdout)),
        "chance": data.chance,
        "budgets": budgets,
        "repeats": repeats,
        "modes": modes,
        "notes": notes,
        "seconds": round(time.perf_counter() - started, 1),
    }
