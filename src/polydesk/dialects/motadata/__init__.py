"""Motadata ServiceOps (Flotomate) 2018 v1 API: OAuth2 tokens, incidents, uploads, forms."""
