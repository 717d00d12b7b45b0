"""Time tracking on tickets."""
