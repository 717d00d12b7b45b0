"""Approvals on tickets: request, vote, add voters, cancel, expire; their effect on the ticket."""
