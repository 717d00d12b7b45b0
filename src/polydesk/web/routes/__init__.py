"""The web UI's pages, one module per area: sign-in, console (agents), portal (customers)."""
