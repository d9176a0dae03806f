"""Data for the Implementor: portraits for the face, CV corpora for the CV."""

from implementor_tf.data.cv_corpus import CVCorpus, CVCorpusError, load_cv_corpus
from implementor_tf.data.image_folder import EmptyImageFolderError, read_image_folder
from implementor_tf.data.portraits import DataSourceError, Portraits, load_portraits
from implementor_tf.data.synthetic_cvs import generate_cvs
from implementor_tf.data.synthetic_portraits import (
    ATTRIBUTE_NAMES,
    BINARY_ATTRIBUTES,
    draw_portraits,
)

__all__ = [
    "ATTRIBUTE_NAMES",
    "BINARY_ATTRIBUTES",
    "CVCorpus",
    "CVCorpusError",
    "DataSourceError",
    "EmptyImageFolderError",
    "Portraits",
    "draw_portraits",
    "generate_cvs",
    "load_cv_corpus",
    "load_portraits",
    "read_image_folder",
]
