"""`mashdb review`: what a branch's migrations change, as a PR-ready report."""

from toolkit.review.report import ReviewReport, render
from toolkit.review.run import review

__all__ = ["ReviewReport", "render", "review"]
