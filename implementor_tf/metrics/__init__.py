"""Numbers for generated faces and CVs, and checks that nothing was copied.

Faces (images in [-1, 1]):

- ``sliced_wasserstein_distance``: Laplacian-pyramid patches, offline (swd).
- ``kernel_inception_distance``: KID on InceptionV3 features when they load (kid).
- ``spectral_ratios``: sharpness and upsampling artefacts against the data.
- ``diversity``: mean MS-SSIM of random pairs, generated vs real.
- ``memorisation``: nearest training image of each generated one.
- ``attribute_coverage``: attribute frequencies of labelled synthetic portraits.
- ``evaluate_images``: all of them, beside the same figures for a second
  real sample (the floor).

CVs (texts): ``distinct_n``, ``novelty`` and the fact check
(``implementor_tf.metrics.cv_facts``).

Every function here takes arrays or texts and returns numbers; measuring a
run folder, or during training, lives beside the model
(``implementor_tf.face.evaluate``, ``implementor_tf.cv.evaluate``).

>>> from implementor_tf.metrics import distinct_n
>>> distinct_n(["a b c d"], 2)
1.0
"""

from implementor_tf.metrics.attributes import AttributeClassifier, attribute_coverage
from implementor_tf.metrics.diversity import diversity, mean_ms_ssim
from implementor_tf.metrics.face_quality import evaluate_images
from implementor_tf.metrics.kid import (
    FeatureExtractorUnavailable,
    kernel_inception_distance,
)
from implementor_tf.metrics.memorisation import closest_pairs_picture, memorisation
from implementor_tf.metrics.spectrum import spectral_ratios
from implementor_tf.metrics.swd import sliced_wasserstein_distance
from implementor_tf.metrics.text import distinct_n, novelty

__all__ = [
    "AttributeClassifier",
    "FeatureExtractorUnavailable",
    "attribute_coverage",
    "closest_pairs_picture",
    "distinct_n",
    "diversity",
    "evaluate_images",
    "kernel_inception_distance",
    "mean_ms_ssim",
    "memorisation",
    "novelty",
    "sliced_wasserstein_distance",
    "spectral_ratios",
]
