"""Companies and locations."""
