import numpy as np

from implementor_tf.rl.environment import CELL, ROBOT, CorridorEnv
from implementor_tf.rl.evaluate import evaluate_policy, random_policy


def picture_reading_policy(pictures):
    """A hand-written policy that reads the camera: find the orange robot and the green door."""
    actions = []
    for picture in pictures.astype(float):
        columns = picture[4:11].mean(axis=0)  # Rows below the far wall.
        robot = np.argmax(-np.abs(columns - ROBOT).sum(axis=-1)) // CELL
        door = np.argmax(columns[:, 1] - columns[:, 0] - columns[:, 2]) // CELL
        actions.append(1 if door > robot else 0)
    return np.array(actions)


def test_the_picture_holds_everything_needed_to_succeed():
    for difficulty in ("easy", "medium"):
        assert evaluate_policy(picture_reading_policy, difficulty, episodes=50)["success_rate"] == 1.0


def test_random_policy_is_the_baseline_and_evaluation_is_repeatable():
    first = evaluate_policy(random_policy(seed=0), "medium", episodes=200)
    assert 0.2 < first["success_rate"] < 0.6
    assert first == evaluate_policy(random_policy(seed=0), "medium", episodes=200)
    assert first["mean_steps"] <= CorridorEnv("medium").level.max_steps
