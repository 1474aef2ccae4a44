"""Cleaning agenda item titles, kept beside the original: the one cleaner lives in `toerusting.dutch`
(shared with the matching engine); this module names what the agenda uses of it."""

from __future__ import annotations

from toerusting.dutch import CLEANER_VERSION, TITLE_MAX_LENGTH, clean_title, normalise_whitespace

__all__ = ["CLEANER_VERSION", "TITLE_MAX_LENGTH", "clean_title", "normalise_whitespace"]
