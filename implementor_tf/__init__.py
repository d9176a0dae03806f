"""implementor_tf: build the Implementor, a synthetic colleague with a generated face and CV.

Subpackages, one concern each:

- ``implementor_tf.data``: portrait sources (synthetic, LFW, folders, tfds)
  and CV corpora (synthetic, folders, JSON lines, separated text).
- ``implementor_tf.face``: the DCGAN, its augmentation, callbacks and training.
- ``implementor_tf.cv``: GPT-2 (KerasHub) on CVs: tokenizer, model, training,
  sampling with a repetition guard, and parsing of the result.
"""

__version__ = "0.1.0"
