import numpy as np
import pytest

from implementor_tf.transfer.budget import sample_budget, stratified_counts


def test_counts_are_proportional_add_up_and_keep_every_class():
    counts = stratified_counts(np.array([70, 20, 10]), 10)
    assert counts.tolist() == [7, 2, 1]
    assert stratified_counts(np.array([97, 3]), 10).tolist() == [9, 1]  # 0.3 would round to none.
    assert stratified_counts(np.array([50, 50]), 25).sum() == 25


def test_a_budget_as_large_as_the_pool_takes_everything():
    assert stratified_counts(np.array([5, 1, 1]), 7).tolist() == [5, 1, 1]
    assert stratified_counts(np.array([100, 2]), 60).tolist() == [59, 1]


def test_impossible_budgets_are_refused():
    with pytest.raises(ValueError, match="one image of each"):
        stratified_counts(np.array([5, 5, 5]), 2)
    with pytest.raises(ValueError, match="more than"):
        stratified_counts(np.array([5, 5]), 11)


def test_the_sample_is_stratified_from_the_pool_and_never_from_the_held_out_set():
    rng = np.random.default_rng(0)
    labels = (rng.random(1000) < 0.3).astype(int)
    holdout = np.arange(0, 1000, 3)
    pool = np.setdiff1d(np.arange(1000), holdout)
    share = labels[pool].mean()
    for seed in range(20):
        chosen = sample_budget(labels, pool, 50, seed=seed, holdout=holdout)
        assert len(chosen) == len(np.unique(chosen)) == 50
        assert np.isin(chosen, pool).all() and not np.isin(chosen, holdout).any()
        assert labels[chosen].sum() == round(50 * share)


def test_draws_depend_on_the_seed_only():
    labels = np.arange(200) % 2
    pool = np.arange(200)
    assert np.array_equal(sample_budget(labels, pool, 10, seed=3), sample_budget(labels, pool, 10, seed=3))
    assert not np.array_equal(sample_budget(labels, pool, 10, seed=3), sample_budget(labels, pool, 10, seed=4))


def test_a_pool_that_overlaps_the_held_out_set_is_an_error():
    labels = np.arange(20) % 2
    with pytest.raises(ValueError, match="leak"):
        sample_budget(labels, np.arange(12), 4, holdout=np.arange(10, 20))
