"""Znuny / OTRS GenericInterface: REST and SOAP web services (see SPEC.md)."""
