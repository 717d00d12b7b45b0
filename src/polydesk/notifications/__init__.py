"""Notifications: mail to the people of a ticket when something happens to it
(docs/notifications.md)."""
