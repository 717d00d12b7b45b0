"""Users observing groups, companies, help desks, levels and locations."""
