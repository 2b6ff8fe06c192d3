"""The site's search page: live courses and lessons, Thai-aware.

The Thai segmentation itself lives in the search backend
(:mod:`cms_content.search.backend`), so the admin and every ``.search()`` call share it;
this package only decides what a learner sees: :mod:`courses.search.selectors` reads,
:mod:`courses.search.views` renders.
"""
