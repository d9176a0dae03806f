"""The Implementor: a synthetic colleague with a generated face and CV, as pages to open and share.

- ``colleague``: ``make_profile`` / ``ColleagueMaker``, a face and a CV by seed;
- ``layout``, ``portrait``: CV sections as page parts, the face enlarged
  and encoded;
- ``pages``, ``card``, ``record``: the HTML pages, the PNG card, the JSON record;
- ``team``: a folder per colleague and the team page;
- ``demo``: ``implementor demo``, both trainings and a team from scratch;
- ``browser``: headless Chromium, to check the pages and take screenshots.
"""

from implementor_tf.lazy import lazy_exports

__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "Colleague": "implementor_tf.profile.colleague",
        "ColleagueMaker": "implementor_tf.profile.colleague",
        "Team": "implementor_tf.profile.team",
        "make_profile": "implementor_tf.profile.colleague",
        "make_team": "implementor_tf.profile.team",
        "write_profile": "implementor_tf.profile.team",
    },
)
