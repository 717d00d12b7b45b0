"""Billing: invoices and their lines."""
