"""Run-time settings stored in the database (dialect credentials, ticket numbering ...)."""
