"""implementor_tf: build the Implementor, a synthetic colleague with a generated face and CV.

Subpackages, one concern each:

- ``implementor_tf.data``: portrait sources (synthetic, LFW, folders, tfds).
- ``implementor_tf.face``: the DCGAN, its augmentation, callbacks and training.
"""

__version__ = "0.1.0"
