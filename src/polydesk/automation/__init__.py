"""Automation: triggers (event and time), webhooks, the execution log and workflows
(docs/automation.md). Kept empty: ``tickets.transition`` imports ``automation.gate``."""
