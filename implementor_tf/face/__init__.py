"""The face: a data-efficient DCGAN for portraits.

>>> from implementor_tf.face import FaceConfig
>>> FaceConfig().image_size
64
"""

from implementor_tf.face.augment import DiffAugment
from implementor_tf.face.config import FaceConfig
from implementor_tf.face.dcgan import DCGAN, latent_noise
from implementor_tf.face.discriminator import build_discriminator
from implementor_tf.face.generator import build_generator
from implementor_tf.face.interpolate import latent_path, write_latent_walk
from implementor_tf.face.sample import sample_faces
from implementor_tf.face.train import FaceRun, build_dcgan, train_face

__all__ = [
    "DCGAN",
    "DiffAugment",
    "FaceConfig",
    "FaceRun",
    "build_dcgan",
    "build_discriminator",
    "build_generator",
    "latent_noise",
    "latent_path",
    "sample_faces",
    "train_face",
    "write_latent_walk",
]
