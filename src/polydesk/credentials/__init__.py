"""Credentials for the edges: native API tokens, dialect API keys, OAuth clients."""
