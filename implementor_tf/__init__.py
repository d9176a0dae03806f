"""implementor_tf: build the Implementor, a synthetic colleague with a generated face and CV.

Subpackages, one concern each:

- ``implementor_tf.data``: portrait sources (synthetic, LFW, folders, tfds)
  and CV corpora (synthetic, folders, JSON lines, separated text).
- ``implementor_tf.face``: the DCGAN, its augmentation, callbacks and training.
- ``implementor_tf.cv``: GPT-2 (KerasHub) on CVs: tokenizer, model, training,
  sampling with a repetition guard, and parsing of the result.
- ``implementor_tf.metrics``: quality of faces and CVs (SWD, KID, diversity,
  memorisation, attributes; perplexity, validity, novelty).
- ``implementor_tf.transfer``: the face discriminator reused with few labels.
- ``implementor_tf.profile``: the Implementor's pages, cards, records, team
  page and ``implementor demo``.
- ``implementor_tf.rl``: the podcast's robot, trained with actor-critic.
"""

__version__ = "0.1.0"
