"""CRM: leads and newsletters."""
