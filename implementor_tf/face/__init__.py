"""The face: a data-efficient DCGAN for portraits.

>>> from implementor_tf.face import FaceConfig
>>> FaceConfig().image_size
64
"""

from implementor_tf.lazy import lazy_exports

__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "DCGAN": "implementor_tf.face.dcgan",
        "DiffAugment": "implementor_tf.face.augment",
        "FaceConfig": "implementor_tf.face.config",
        "FaceRun": "implementor_tf.face.train",
        "build_dcgan": "implementor_tf.face.train",
        "build_discriminator": "implementor_tf.face.discriminator",
        "build_generator": "implementor_tf.face.generator",
        "latent_noise": "implementor_tf.face.dcgan",
        "latent_path": "implementor_tf.face.interpolate",
        "sample_faces": "implementor_tf.face.sample",
        "train_face": "implementor_tf.face.train",
        "write_latent_walk": "implementor_tf.face.interpolate",
    },
)
