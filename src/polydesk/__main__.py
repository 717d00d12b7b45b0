"""``python -m polydesk`` runs the CLI."""

from polydesk.cli import main

main()
