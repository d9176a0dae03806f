import subprocess
import sys
import textwrap

import keras
import numpy as np
import tensorflow as tf

from implementor_tf.data.portraits import load_portraits
from implementor_tf.face.dcgan import DCGAN, latent_noise, with_standing_statistics
from implementor_tf.face.train import build_dcgan
from implementor_tf.pictures import from_uint8

METRIC_KEYS = {"d_loss", "g_loss", "d_real_acc", "d_fake_acc", "aug_p"}


def _data(config, n=32):
    return load_portraits("synthetic", config.image_size, n=n).batches(config.batch_size, seed=0, repeat=True)


def test_fit_step_returns_every_metric(tiny_face_config):
    gan = build_dcgan(tiny_face_config)
    history = gan.fit(_data(tiny_face_config), epochs=1, steps_per_epoch=2, verbose=0)
    assert set(history.history) == METRIC_KEYS
    for key in ("d_real_acc", "d_fake_acc", "aug_p"):
        assert 0.0 <= history.history[key][0] <= 1.0
    assert int(gan.images_seen.numpy()) == 2 * tiny_face_config.batch_size


def test_training_moves_both_networks_and_the_average(tiny_face_config):
    gan = build_dcgan(tiny_face_config)
    before_g = [w.copy() for w in gan.generator.get_weights()]
    before_d = [w.copy() for w in gan.discriminator.get_weights()]
    before_ema = [w.copy() for w in gan.ema_generator.get_weights()]
    gan.fit(_data(tiny_face_config), epochs=1, steps_per_epoch=3, verbose=0)
    changed = lambda before, model: any(not np.allclose(a, b) for a, b in zip(before, model.get_weights()))
    assert changed(before_g, gan.generator) and changed(before_d, gan.discriminator)
    assert changed(before_ema, gan.ema_generator)
    # The average trails the raw generator: it is not a copy of it.
    assert any(not np.allclose(a, b) for a, b in zip(gan.generator.get_weights(), gan.ema_generator.get_weights()))


def test_same_seed_same_samples(tiny_face_config):
    gan = build_dcgan(tiny_face_config)
    np.testing.assert_array_equal(gan.generate(4, seed=1), gan.generate(4, seed=1))
    assert not np.allclose(gan.generate(4, seed=1), gan.generate(4, seed=2))
    np.testing.assert_array_equal(latent_noise(3, 8, seed=5), latent_noise(3, 8, seed=5))


def _norms(model):
    return [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]


def test_standing_statistics_fit_the_generator_they_normalise(tiny_face_config):
    gan = build_dcgan(tiny_face_config)
    stale = gan.ema_generator

    def make_stale():  # Statistics that belong to some other network.
        for layer in _norms(stale):
            layer.moving_mean.assign(np.full(layer.moving_mean.shape, 2.0, "float32"))
            layer.moving_variance.assign(np.full(layer.moving_variance.shape, 9.0, "float32"))

    make_stale()
    standing = with_standing_statistics(stale, n=1024, batch_size=256)
    # The generator it measured keeps its own statistics, and the copy shares its weights by value only.
    assert all(np.all(layer.moving_mean.numpy() == 2.0) for layer in _norms(stale))
    for kept, measured in zip(stale.weights, standing.weights):
        if "moving" not in kept.path:
            np.testing.assert_array_equal(kept.numpy(), measured.numpy())
    # Measured from fixed noise: the same generator always gets the same statistics.
    again = with_standing_statistics(stale, n=1024, batch_size=256)
    for a, b in zip(standing.weights, again.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())

    noise = latent_noise(512, tiny_face_config.latent_dim, seed=3)
    as_in_training = keras.ops.convert_to_numpy(stale(noise, training=True))  # Each batch normalised by itself.
    make_stale()  # (A call in training mode moves the statistics.)
    gap = lambda model: np.abs(keras.ops.convert_to_numpy(model(noise, training=False)) - as_in_training).mean()
    assert gap(standing) < 0.1 * gap(stale)


def test_config_round_trip(tiny_face_config):
    gan = build_dcgan(tiny_face_config)
    clone = DCGAN.from_config(gan.get_config())
    assert clone.get_config() == gan.get_config()
    assert clone.generator.count_params() == gan.generator.count_params()
    assert clone.augment.get_config() == gan.augment.get_config()


def test_keras_file_round_trip_gives_identical_images(tiny_face_config, tmp_path):
    gan = build_dcgan(tiny_face_config)
    gan.fit(_data(tiny_face_config), epochs=1, steps_per_epoch=2, verbose=0)
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras", safe_mode=True)
    assert isinstance(loaded, DCGAN)
    np.testing.assert_array_equal(loaded.generate(6, seed=3), gan.generate(6, seed=3))
    assert int(loaded.images_seen.numpy()) == int(gan.images_seen.numpy())
    assert float(loaded.augment.probability.numpy()) == float(gan.augment.probability.numpy())
    # The optimiser state travels too, so training could go on from the file.
    assert int(loaded.d_optimizer.iterations.numpy()) == 2


def test_without_augmentation_the_probability_reads_zero(tiny_face_config):
    import dataclasses

    gan = build_dcgan(dataclasses.replace(tiny_face_config, augment="none"))
    assert gan.augment is None
    history = gan.fit(_data(tiny_face_config), epochs=1, steps_per_epoch=1, verbose=0)
    assert history.history["aug_p"] == [0.0]


MIRRORED_SCRIPT = textwrap.dedent(
    """
    import os
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
    import numpy as np
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    from implementor_tf.data.portraits import load_portraits
    from implementor_tf.face.config import FaceConfig
    from implementor_tf.face.train import build_dcgan

    config = FaceConfig.budget("test", augment="ada", precision="auto")
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    assert strategy.num_replicas_in_sync == 2
    with strategy.scope():
        gan = build_dcgan(config)
    data = load_portraits("synthetic", 32, n=32).batches(16, seed=0, repeat=True)
    history = gan.fit(data, epochs=1, steps_per_epoch=3, verbose=0)
    logs = {key: values[-1] for key, values in history.history.items()}
    assert all(np.isfinite(value) for value in logs.values()), logs
    assert int(gan.images_seen.numpy()) == 48, gan.images_seen.numpy()
    # Every replica holds the same weights, averaged generator included.
    for variable in gan.generator.weights + gan.ema_generator.weights + gan.discriminator.weights:
        copies = [v.numpy() for v in variable.value.values] if hasattr(variable.value, "values") else [variable.numpy()]
        assert len(copies) == 2, variable.path
        np.testing.assert_allclose(copies[0], copies[1], rtol=1e-5, atol=1e-6)
    # The replicas generate from different noise.
    per_replica = strategy.run(lambda: gan.draw_noise(tf.constant(4)))
    first, second = [tensor.numpy() for tensor in per_replica.values]
    assert first.shape == (4, 8) and not np.allclose(first, second)
    print("MIRRORED_OK", sorted(logs))
    """
)


def test_the_same_train_step_runs_under_mirrored_strategy_on_two_cpus():
    # Logical devices must be set before TensorFlow starts, so this runs in a fresh process.
    result = subprocess.run([sys.executable, "-c", MIRRORED_SCRIPT], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "MIRRORED_OK ['aug_p', 'd_fake_acc', 'd_loss', 'd_real_acc', 'g_loss']" in result.stdout


def test_r1_penalty_is_added_every_interval_steps_and_only_then(tiny_face_config):
    gan = build_dcgan(tiny_face_config.replace(r1_gamma=10.0, augment="none"))
    images = tf.constant(from_uint8(load_portraits("synthetic", tiny_face_config.image_size, n=4).numpy()))
    penalties = []
    for iteration in range(DCGAN.R1_INTERVAL + 1):
        gan.d_optimizer.iterations.assign(iteration)
        penalties.append(float(gan._lazy_r1(images)))
    assert penalties[0] > 0 and penalties[DCGAN.R1_INTERVAL] > 0
    assert all(penalty == 0 for penalty in penalties[1 : DCGAN.R1_INTERVAL])
    # With twice the weight, twice the penalty: it is gamma / 2 * interval * |grad D|^2.
    doubled = build_dcgan(tiny_face_config.replace(r1_gamma=20.0, augment="none"))
    doubled.discriminator.set_weights(gan.discriminator.get_weights())
    doubled.d_optimizer.iterations.assign(0)
    np.testing.assert_allclose(float(doubled._lazy_r1(images)), 2 * penalties[0], rtol=1e-4)
