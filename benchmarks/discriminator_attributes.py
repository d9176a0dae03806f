"""Which kinds of face a trained discriminator asks the generator for, with and without augmentation.

The generator learns only what the discriminator's scores tell it. If the
discriminator scores generated faces with long hair higher than those
without, the generator is pushed to draw long hair more often; if the two
score alike, a missing attribute goes unnoticed. This prints, for each yes/no
attribute of the synthetic portraits, the mean logit of real portraits with
and without it (their labels are known) and of generated faces with and
without it (as the attribute classifier of ``face eval`` reads them), first on
plain images, then after all of DiffAugment, then after each of its
operations alone (those the run trained with). ``preference`` is the generated faces' "yes" minus "no":
the push towards the attribute.

Usage (on a finished run on the synthetic portraits at 64 px):

    python benchmarks/discriminator_attributes.py --run runs/face [--n 2000]
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from implementor_tf.data.synthetic_portraits import BINARY_ATTRIBUTES, draw_portraits  # noqa: E402
from implementor_tf.face.augment import DiffAugment  # noqa: E402
from implementor_tf.face.dcgan import latent_noise  # noqa: E402
from implementor_tf.face.sample import load_discriminator, load_generator  # noqa: E402
from implementor_tf.metrics.attributes import AttributeClassifier  # noqa: E402
from implementor_tf.pictures import from_uint8  # noqa: E402

PORTRAIT_SEED = 4242  # Portraits none of the runs or the classifier trained on.


def logits(discriminator, images, augment=None, batch_size: int = 100) -> np.ndarray:
    """The discriminator's logit for each image (augmented first when ``augment`` is given)."""
    scores = []
    for start in range(0, len(images), batch_size):
        batch = images[start : start + batch_size]
        if augment is not None:
            batch = augment(batch, training=True)
        scores.append(np.asarray(discriminator(batch, training=False), "float32").ravel())
    return np.concatenate(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", required=True, help="a finished face run on the synthetic portraits")
    parser.add_argument("--n", type=int, default=2000, help="real portraits and generated faces each")
    args = parser.parse_args()

    discriminator, config, _ = load_discriminator(args.run)
    if config.data != "synthetic":
        parser.error(f"{args.run} trained on {config.data!r}: only the synthetic portraits carry the attribute labels this needs")
    generator = load_generator(args.run)
    images, labels = draw_portraits(args.n, image_size=config.image_size, seed=PORTRAIT_SEED)
    real = from_uint8(images)
    fake = generator.predict(latent_noise(args.n, config.latent_dim, seed=PORTRAIT_SEED), verbose=0)
    read = AttributeClassifier.train(config.image_size).predict(fake)

    views = {"plain": None, "all of the run's DiffAugment": DiffAugment(config.augment_policies, seed=0)}
    views.update({f"{policy} alone": DiffAugment((policy,), seed=0) for policy in config.augment_policies})
    print(f"Mean logits of {args.n:,} real portraits and {args.n:,} generated faces, {args.run}")
    for view, augment in views.items():
        real_logits, fake_logits = logits(discriminator, real, augment), logits(discriminator, fake, augment)
        print(f"\n{view}\n{'attribute':10s} {'real yes':>9s} {'real no':>8s} {'fake yes':>9s} {'fake no':>8s} {'share':>6s} {'preference':>11s}")
        for name in BINARY_ATTRIBUTES:
            has_real, has_fake = labels[name] == 1, read[name] == 1
            yes, no = fake_logits[has_fake].mean(), fake_logits[~has_fake].mean()
            print(
                f"{name:10s} {real_logits[has_real].mean():+9.2f} {real_logits[~has_real].mean():+8.2f} "
                f"{yes:+9.2f} {no:+8.2f} {has_fake.mean():6.2f} {yes - no:+11.2f}"
            )


if __name__ == "__main__":
    main()
