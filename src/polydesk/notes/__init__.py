"""Internal notes: agents-only notes on users, help desks, companies, groups, external entities."""
