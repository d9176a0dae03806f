"""The Implementor: a synthetic colleague with a generated face and CV, as pages to open and share.

- ``colleague``: ``make_profile`` / ``ColleagueMaker``, a face and a CV by seed;
- ``layout``, ``portrait``: CV sections as page parts, the face enlarged
  and encoded;
- ``pages``, ``card``, ``record``: the HTML pages, the PNG card, the JSON record;
- ``team``: a folder per colleague and the team page;
- ``demo``: ``implementor demo``, both trainings and a team from scratch;
- ``browser``: headless Chromium, to check the pages and take screenshots.
"""

from implementor_tf.profile.colleague import Colleague, ColleagueMaker, make_profile
from implementor_tf.profile.team import Team, make_team, write_profile

__all__ = ["Colleague", "ColleagueMaker", "Team", "make_profile", "make_team", "write_profile"]
