"""Data for the Implementor: portraits for the face, CV corpora for the CV."""

from implementor_tf.lazy import lazy_exports

__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "ATTRIBUTE_NAMES": "implementor_tf.data.synthetic_portraits",
        "BINARY_ATTRIBUTES": "implementor_tf.data.synthetic_portraits",
        "CVCorpus": "implementor_tf.data.cv_corpus",
        "CVCorpusError": "implementor_tf.data.cv_corpus",
        "DataSourceError": "implementor_tf.data.portraits",
        "EmptyImageFolderError": "implementor_tf.data.image_folder",
        "Portraits": "implementor_tf.data.portraits",
        "draw_portraits": "implementor_tf.data.synthetic_portraits",
        "generate_cvs": "implementor_tf.data.synthetic_cvs",
        "load_cv_corpus": "implementor_tf.data.cv_corpus",
        "load_portraits": "implementor_tf.data.portraits",
        "read_image_folder": "implementor_tf.data.image_folder",
    },
)
