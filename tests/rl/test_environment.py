import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from implementor_tf.rl.config import LEVELS
from implementor_tf.rl.environment import CELL, LEFT, RIGHT, CorridorEnv


@pytest.mark.parametrize("difficulty", sorted(LEVELS))
def test_spaces_match_what_the_environment_returns(difficulty):
    env = CorridorEnv(difficulty)
    picture, info = env.reset(seed=1)
    assert isinstance(env.action_space, gymnasium.spaces.Discrete) and env.action_space.n == 2
    assert env.observation_space.contains(picture)
    assert picture.shape == (12, (LEVELS[difficulty].length + 2) * CELL, 3)
    assert info["robot"] != info["goal"]
    picture, *_ = env.step(RIGHT)
    assert env.observation_space.contains(picture)


def test_gymnasium_checker_passes():
    check_env(CorridorEnv("medium"), skip_render_check=True)


def play(env, seed, actions):
    picture, info = env.reset(seed=seed)
    trace = [(picture, info)]
    for action in actions:
        picture, reward, terminated, truncated, info = env.step(action)
        trace.append((picture, reward, terminated, truncated, info))
        if terminated or truncated:
            break
    return trace


def test_same_seed_same_episode_other_seed_other_corridor():
    actions = [RIGHT, LEFT, LEFT, RIGHT, RIGHT]
    first, again = play(CorridorEnv("hard"), 7, actions), play(CorridorEnv("hard"), 7, actions)
    assert len(first) == len(again)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a[0], b[0])
        assert a[1:] == b[1:]
    starts = {tuple(sorted(play(CorridorEnv("hard"), seed, [])[0][1].items())) for seed in range(20)}
    assert len(starts) > 10


def test_walking_to_the_door_pays_the_goal_minus_the_steps():
    env = CorridorEnv("easy", step_cost=0.01, goal_reward=1.0)
    _, info = env.reset(seed=3)
    action = RIGHT if info["goal"] > info["robot"] else LEFT
    total, steps = 0.0, 0
    while True:
        _, reward, terminated, truncated, info = env.step(action)
        total, steps = total + reward, steps + 1
        if terminated or truncated:
            break
    assert terminated and not truncated and info["robot"] == info["goal"]
    assert steps == abs(info["goal"] - play(CorridorEnv("easy"), 3, [])[0][1]["robot"])
    assert total == pytest.approx(1.0 - 0.01 * steps)


def test_walls_stop_the_robot_and_the_step_limit_truncates():
    env = CorridorEnv("medium")
    _, info = env.reset(seed=0)
    away = LEFT if info["goal"] > info["robot"] else RIGHT
    rewards, positions = [], []
    for _ in range(LEVELS["medium"].max_steps):
        _, reward, terminated, truncated, info = env.step(away)
        rewards.append(reward)
        positions.append(info["robot"])
    assert not terminated and truncated and info["steps"] == LEVELS["medium"].max_steps
    assert positions[-1] in (0, LEVELS["medium"].length - 1) and positions[-1] == positions[-2]  # Against the wall.
    assert rewards == pytest.approx([-0.01] * len(rewards))


def test_the_picture_shows_robot_and_door_where_they_are():
    env = CorridorEnv("easy")
    _, info = env.reset(seed=5)
    picture = env.picture()
    robot_x, goal_x = (info["robot"] + 1) * CELL, (info["goal"] + 1) * CELL
    assert picture[8, robot_x, 0] > 200 and picture[8, goal_x, 1] > 180  # Orange body, green door.
    assert env.render(scale=2).shape == (24, picture.shape[1] * 2, 3)


def test_bad_settings_and_actions_are_refused():
    with pytest.raises(ValueError, match="difficulty"):
        CorridorEnv("impossible")
    env = CorridorEnv("easy")
    env.reset(seed=0)
    with pytest.raises(ValueError, match="action"):
        env.step(2)
