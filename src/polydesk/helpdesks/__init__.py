"""Help desks (queues), their levels and members."""
