"""Users: accounts for agents, customers and admins, and password authentication."""
