"""Comments (articles) on tickets."""
