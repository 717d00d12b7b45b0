"""Web UI sessions: sign in with a password, a server-side session per browser, sign out."""
