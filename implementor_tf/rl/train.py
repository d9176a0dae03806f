"""Training the corridor robot with advantage actor-critic into a run folder.

``train_agent(config, run_dir)`` plays ``n_envs`` corridors side by side,
``n_steps`` steps at a time, and after every such rollout makes one
``train_on_batch`` update of the ``ActorCritic`` on it, until ``episodes``
training episodes have ended. It writes:

- ``config.json``: the settings;
- ``history.jsonl`` and ``reward_curve.png``: success rate and return of the
  last 100 training episodes as training goes, beside the random policy's;
- ``evaluation.json``: random, untrained and trained policies on the same 100
  held-out corridors;
- ``episode_before.gif`` and ``episode_after.gif``: one held-out episode with
  the untrained and the trained policy;
- ``policy.keras``: the trained network; ``checkpoints/``: to resume a kill.

Example (a tiny run):

>>> import tempfile
>>> config = RLConfig.budget("test")
>>> result = train_agent(config, tempfile.mkdtemp(), progress=False, say=None)
>>> result["trained"]["episodes"], result["episodes_trained"] >= 20
(10, True)
"""

from __future__ import annotations

import collections
import json
import time
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
from tqdm.auto import tqdm

from implementor_tf.rl.agent import ActorCritic, discounted_returns
from implementor_tf.rl.config import RL_RUN, RLConfig
from implementor_tf.rl.environment import CorridorEnv
from implementor_tf.rl.episode_gif import save_episode_gif
from implementor_tf.rl.evaluate import (
    evaluate_policy,
    greedy_policy,
    random_policy,
    sampling_policy,
)
from implementor_tf.run_folder import RunFolder, save_atomically, write_text_atomically


def load_policy(run_dir) -> ActorCritic:
    """The trained agent of a finished run (``policy.keras``)."""
    path = Path(run_dir) / "policy.keras"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: train first with `implementor rl train --out {run_dir}`")
    return ActorCritic(keras.saving.load_model(path, safe_mode=True))


def plot_rewards(history: list[dict], baseline: dict, path) -> None:
    """Success rate and mean return of the last 100 training episodes, with the random policy's."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    episodes = [record["episodes"] for record in history]
    figure, (success_axes, return_axes) = plt.subplots(1, 2, figsize=(10, 3.6))
    success_axes.plot(episodes, [100 * record["success_rate"] for record in history], label="trained agent (last 100 episodes)")
    success_axes.axhline(100 * baseline["success_rate"], color="gray", linestyle="--", label="random policy")
    success_axes.set(title="Reaches the door (%)", xlabel="training episodes", ylim=(0, 102))
    success_axes.legend(loc="lower right")
    return_axes.plot(episodes, [record["mean_return"] for record in history], color="C1", label="trained agent")
    return_axes.axhline(baseline["mean_return"], color="gray", linestyle="--", label="random policy")
    return_axes.set(title="Return per episode", xlabel="training episodes")
    return_axes.legend(loc="lower right")
    figure.tight_layout()
    save_atomically(path, lambda temporary: figure.savefig(temporary, dpi=100))
    plt.close(figure)


def train_agent(config: RLConfig, run_dir, resume: bool = False, progress: bool = True, say=print) -> dict:
    """Trains (or resumes) the corridor robot; returns the evaluation (also in ``evaluation.json``).

    Raises:
        FileExistsError: ``run_dir`` holds a run and ``resume`` is false.
    """
    say = say or (lambda *args: None)
    run = RunFolder(run_dir, RL_RUN)
    run_dir = run.path
    config = run.start(config, resume)
    if resume:
        run.reopen()
    run.save_settings(config)
    keras.utils.set_random_seed(config.seed)

    envs = [CorridorEnv(config.difficulty) for _ in range(config.n_envs)]
    agent = ActorCritic.build(
        envs[0].observation_space.shape, envs[0].action_space.n, seed=config.seed,
        value_weight=config.value_weight, entropy_weight=config.entropy_weight,
    )
    agent.compile(optimizer=keras.optimizers.Adam(config.learning_rate))
    agent.optimizer.build(agent.network.trainable_weights)
    counters = {
        "episodes": tf.Variable(0, dtype=tf.int64),
        "updates": tf.Variable(0, dtype=tf.int64),
        "seconds": tf.Variable(0.0, dtype=tf.float64),  # Training time of every segment, kills and resumes included.
    }
    checkpoint = tf.train.Checkpoint(network=agent.network, optimizer=agent.optimizer, **counters)
    manager = tf.train.CheckpointManager(checkpoint, run_dir / "checkpoints", max_to_keep=2)
    if resume and manager.latest_checkpoint:
        checkpoint.restore(manager.latest_checkpoint).assert_existing_objects_matched()
        say(f"Resuming from {manager.latest_checkpoint} ({int(counters['episodes'].numpy()):,} episodes played)")
    if resume:  # Reports made after the restored checkpoint (or with none) are played again: drop them.
        restored = int(counters["updates"].numpy())
        run.keep_records(sum(record["updates"] <= restored for record in run.records()))
    say(
        f"Environment: {config.difficulty} corridor of {envs[0].level.length} cells, {envs[0].level.max_steps} steps at most, "
        f"camera {envs[0].observation_space.shape[1]}x{envs[0].observation_space.shape[0]} px; "
        f"agent: A2C, {agent.network.count_params():,} parameters, {config.n_envs} corridors x {config.n_steps} steps per update"
    )

    evaluation = {}
    if not resume or not (run_dir / "evaluation_before.json").exists():
        evaluation["random"] = evaluate_policy(random_policy(config.seed), config.difficulty, config.eval_episodes)
        evaluation["untrained"] = evaluate_policy(greedy_policy(agent), config.difficulty, config.eval_episodes)
        save_episode_gif(sampling_policy(agent, config.seed), run_dir / "episode_before.gif", config.difficulty)
        write_text_atomically(run_dir / "evaluation_before.json", json.dumps(evaluation, indent=2))  # Last: marks both done.
    evaluation = json.loads((run_dir / "evaluation_before.json").read_text())
    say(f"Before training: random policy reaches the door in {evaluation['random']['success_rate']:.0%} of {config.eval_episodes} held-out corridors")

    # Training corridors are seeded from seed * 1000 up, always below the evaluation seeds.
    pictures = np.stack([env.reset(seed=config.seed * 1000 + index + int(counters["episodes"].numpy()))[0] for index, env in enumerate(envs)])
    act = sampling_policy(agent, seed=config.seed + int(counters["updates"].numpy()))  # Explores as it learns.
    recent = collections.deque(maxlen=100)
    episode_returns = np.zeros(config.n_envs)
    started = time.perf_counter() - float(counters["seconds"].numpy())
    bar = tqdm(total=config.episodes, initial=min(int(counters["episodes"].numpy()), config.episodes), desc="Episodes", disable=not progress)
    while int(counters["episodes"].numpy()) < config.episodes:
        batch_pictures, actions, rewards, dones = [], [], [], []
        for _ in range(config.n_steps):
            chosen = act(pictures)
            batch_pictures.append(pictures.copy())
            actions.append(chosen)
            step_rewards, step_dones = np.zeros(config.n_envs, np.float32), np.zeros(config.n_envs, np.float32)
            for index, env in enumerate(envs):
                picture, reward, terminated, truncated, _ = env.step(int(chosen[index]))
                episode_returns[index] += reward
                step_rewards[index] = reward
                if terminated or truncated:
                    step_dones[index] = 1.0
                    recent.append((bool(terminated), episode_returns[index]))
                    episode_returns[index] = 0.0
                    counters["episodes"].assign_add(1)
                    bar.update(1)
                    picture, _ = env.reset()
                pictures[index] = picture
            rewards.append(step_rewards)
            dones.append(step_dones)
        _, bootstrap = agent.policy_and_value(pictures)
        returns = discounted_returns(np.array(rewards), np.array(dones), bootstrap, config.gamma)
        logs = agent.train_on_batch(
            np.concatenate(batch_pictures), (np.concatenate(actions), returns.reshape(-1)), return_dict=True
        )
        counters["updates"].assign_add(1)
        counters["seconds"].assign(time.perf_counter() - started)
        updates = int(counters["updates"].numpy())
        if recent and updates % 10 == 0:
            record = {
                "updates": updates,
                "episodes": int(counters["episodes"].numpy()),
                "seconds": round(time.perf_counter() - started, 1),
                "success_rate": float(np.mean([success for success, _ in recent])),
                "mean_return": float(np.mean([value for _, value in recent])),
                **{key: float(value) for key, value in logs.items()},
            }
            run.log(record)
            bar.set_postfix(success=f"{record['success_rate']:.0%}", entropy=f"{record['entropy']:.2f}")
        if updates % config.checkpoint_every == 0:
            manager.save(checkpoint_number=updates)
    bar.close()
    manager.save(checkpoint_number=int(counters["updates"].numpy()))
    run.save_model(agent.network, "policy.keras")

    evaluation["trained"] = evaluate_policy(greedy_policy(agent), config.difficulty, config.eval_episodes)
    evaluation["episodes_trained"] = int(counters["episodes"].numpy())
    evaluation["training_seconds"] = round(time.perf_counter() - started, 1)
    write_text_atomically(run_dir / "evaluation.json", json.dumps(evaluation, indent=2))
    after = save_episode_gif(greedy_policy(agent), run_dir / "episode_after.gif", config.difficulty)
    history = run.records()
    if history:
        plot_rewards(history, evaluation["random"], run.plot_path)
    run.mark_finished({"episodes_trained": evaluation["episodes_trained"], "training_seconds": evaluation["training_seconds"]})
    say(
        f"Trained on {evaluation['episodes_trained']:,} episodes in {evaluation['training_seconds']:.0f} s. "
        f"On {config.eval_episodes} held-out corridors the agent reaches the door in "
        f"{evaluation['trained']['success_rate']:.0%} (random policy {evaluation['random']['success_rate']:.0%}, "
        f"untrained {evaluation['untrained']['success_rate']:.0%}); the film's episode took {after['steps']} steps. "
        f"Look at {run_dir / 'reward_curve.png'}, {run_dir / 'episode_before.gif'} and {run_dir / 'episode_after.gif'}"
    )
    return evaluation
