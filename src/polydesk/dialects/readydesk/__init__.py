"""ReadyDesk 9 Web Services API: ``/API/default.aspx?key=...&action=...``."""
