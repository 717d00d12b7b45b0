"""Custom field definitions, their options, and their values on tickets."""
