"""Classify a text as positive, neutral or negative with VADER (``vaderSentiment``).

VADER is a lexicon- and rule-based analyser tuned for short, informal English text such as
messages to a help desk; it needs no model download and scores a message in well under a
millisecond, so it runs inside the create/comment transaction. The analyser (about 7,500 lexicon
entries) is built once per process, on first use. To use another library, replace
``_compound_score``: the rest of the core only sees ``classify``.

Thresholds are VADER's published ones: compound >= 0.05 positive, <= -0.05 negative.
Only the first ``MAX_CHARS`` characters are scored, so a pasted log file cannot slow a request.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
    SentimentIntensityAnalyzer,
)

from polydesk.models.tickets import Sentiment

POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
MAX_CHARS = 5_000
_TAGS = re.compile(r"<[^>]{0,500}>")


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def _compound_score(text: str) -> float:
    scores = _analyzer().polarity_scores(text)
    return float(scores["compound"])


def classify(*parts: str) -> Sentiment:
    """The sentiment of the parts read as one text (HTML tags ignored); empty is neutral."""
    text = _TAGS.sub(" ", "\n".join(part for part in parts if part))[:MAX_CHARS].strip()
    if not text:
        return Sentiment.NEUTRAL
    score = _compound_score(text)
    if score >= POSITIVE_THRESHOLD:
        return Sentiment.POSITIVE
    if score <= NEGATIVE_THRESHOLD:
        return Sentiment.NEGATIVE
    return Sentiment.NEUTRAL
