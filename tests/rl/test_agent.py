import numpy as np

from implementor_tf.rl.agent import ActorCritic, discounted_returns
from implementor_tf.rl.environment import CorridorEnv


def pictures_of(n=8, seed=0):
    env = CorridorEnv("easy")
    return np.stack([env.reset(seed=seed + index)[0] for index in range(n)])


def test_the_untrained_policy_is_close_to_uniform():
    agent = ActorCritic.build((12, 36, 3), 2, seed=0)
    probabilities, values = agent.policy_and_value(pictures_of())
    assert probabilities.shape == (8, 2) and values.shape == (8,)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    assert np.abs(probabilities - 0.5).max() < 0.1


def test_a_few_updates_make_rewarded_actions_more_likely():
    import keras

    agent = ActorCritic.build((12, 36, 3), 2, seed=0, value_weight=0.0, entropy_weight=0.0)
    agent.compile(optimizer=keras.optimizers.Adam(3e-3))
    pictures = pictures_of()
    before_weights = [weight.copy() for weight in agent.network.get_weights()]
    before, _ = agent.policy_and_value(pictures)
    actions = np.ones(8, dtype=np.int32)  # "right" always paid off here.
    for _ in range(5):
        logs = agent.train_on_batch(pictures, (actions, np.ones(8, np.float32)), return_dict=True)
    after, _ = agent.policy_and_value(pictures)
    assert (after[:, 1] > before[:, 1] + 0.02).all()
    assert any(not np.array_equal(a, b) for a, b in zip(before_weights, agent.network.get_weights()))
    assert set(logs) == {"policy_loss", "value_loss", "entropy"}


def test_the_critic_learns_the_returns():
    import keras

    agent = ActorCritic.build((12, 36, 3), 2, seed=0)
    agent.compile(optimizer=keras.optimizers.Adam(3e-3))
    pictures = pictures_of()
    returns = np.full(8, 0.8, np.float32)
    error_before = np.abs(agent.policy_and_value(pictures)[1] - returns).mean()
    for _ in range(20):
        agent.train_on_batch(pictures, (np.zeros(8, np.int32), returns))
    assert np.abs(agent.policy_and_value(pictures)[1] - returns).mean() < error_before / 2


def test_returns_discount_and_stop_at_episode_ends():
    rewards = np.array([[0.0, 1.0], [0.0, 0.0], [1.0, 0.0]])
    dones = np.array([[0.0, 1.0], [0.0, 0.0], [1.0, 0.0]])
    returns = discounted_returns(rewards, dones, bootstrap=np.array([10.0, 2.0]), gamma=0.5)
    np.testing.assert_allclose(returns[:, 0], [0.25, 0.5, 1.0])  # Ends at step 3: no bootstrap.
    np.testing.assert_allclose(returns[:, 1], [1.0, 0.5, 1.0])  # Ends at step 1; then bootstraps from 2.
