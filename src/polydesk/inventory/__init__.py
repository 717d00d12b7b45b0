"""Inventory items / configuration items and their links to tickets."""
