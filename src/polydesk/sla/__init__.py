"""The SLA engine: business time, the clock on tickets, warnings and breaches."""
