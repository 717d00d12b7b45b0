"""Integria IMS ``include/api.php`` (see SPEC.md)."""
