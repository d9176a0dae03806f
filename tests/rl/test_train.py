import json

import numpy as np
import pytest

from implementor_tf.rl.config import RL_RUN, RLConfig
from implementor_tf.run_folder import RunFolder
from implementor_tf.rl.train import load_policy, train_agent

TINY = RLConfig.budget("test", episodes=30, checkpoint_every=2)


@pytest.fixture(scope="module")
def tiny_rl_run(tmp_path_factory):
    run = tmp_path_factory.mktemp("rl") / "run"
    evaluation = train_agent(TINY, run, progress=False, say=None)
    return run, evaluation


def test_the_run_folder_has_everything(tiny_rl_run):
    run, evaluation = tiny_rl_run
    for name in ("config.json", "history.jsonl", "reward_curve.png", "evaluation.json", "episode_before.gif", "episode_after.gif", "policy.keras"):
        assert (run / name).stat().st_size > 0, name
    saved = json.loads((run / "evaluation.json").read_text())
    assert saved == json.loads(json.dumps(evaluation))
    assert set(saved) >= {"random", "untrained", "trained", "episodes_trained", "training_seconds"}
    assert saved["episodes_trained"] >= 30 and saved["trained"]["episodes"] == 10


def test_the_saved_policy_acts_like_the_trained_one(tiny_rl_run):
    from implementor_tf.rl.evaluate import evaluate_policy, greedy_policy

    run, evaluation = tiny_rl_run
    agent = load_policy(run)
    assert evaluate_policy(greedy_policy(agent), "easy", episodes=10) == evaluation["trained"]


def test_resume_continues_from_the_checkpoint(tiny_rl_run, tmp_path):
    import shutil

    run, evaluation = tiny_rl_run
    copy = tmp_path / "run"
    shutil.copytree(run, copy)
    messages = []
    more = train_agent(RLConfig(episodes=50), copy, resume=True, progress=False, say=messages.append)
    assert messages[0].startswith("Resuming from") and f"{evaluation['episodes_trained']:,} episodes played" in messages[0]
    assert more["episodes_trained"] >= 50 and json.loads((copy / "config.json").read_text())["difficulty"] == "easy"
    assert more["training_seconds"] >= evaluation["training_seconds"]  # Both segments count.
    updates = [record["updates"] for record in RunFolder(copy, RL_RUN).records()]
    assert updates == sorted(set(updates))  # No report twice.


def test_an_existing_run_is_never_overwritten(tiny_rl_run):
    run, _ = tiny_rl_run
    with pytest.raises(FileExistsError, match="--resume"):
        train_agent(TINY, run, progress=False, say=None)
    with pytest.raises(ValueError):
        RLConfig(episodes=0)
    with pytest.raises(FileNotFoundError, match="implementor rl train"):
        load_policy(run / "nothing")
