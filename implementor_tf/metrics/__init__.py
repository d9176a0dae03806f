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

from implementor_tf.lazy import lazy_exports

__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "AttributeClassifier": "implementor_tf.metrics.attributes",
        "FeatureExtractorUnavailable": "implementor_tf.metrics.kid",
        "attribute_coverage": "implementor_tf.metrics.attributes",
        "closest_pairs_picture": "implementor_tf.metrics.memorisation",
        "distinct_n": "implementor_tf.metrics.text",
        "diversity": "implementor_tf.metrics.diversity",
        "evaluate_images": "implementor_tf.metrics.face_quality",
        "kernel_inception_distance": "implementor_tf.metrics.kid",
        "mean_ms_ssim": "implementor_tf.metrics.diversity",
        "memorisation": "implementor_tf.metrics.memorisation",
        "novelty": "implementor_tf.metrics.text",
        "sliced_wasserstein_distance": "implementor_tf.metrics.swd",
        "spectral_ratios": "implementor_tf.metrics.spectrum",
    },
)
