"""Schedules: technicians' appointments, optionally recurring and about a ticket."""
