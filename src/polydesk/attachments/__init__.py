"""Attachments: metadata in the database, bytes in a file store."""
