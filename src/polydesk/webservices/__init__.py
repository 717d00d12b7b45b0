"""Znuny/OTRS GenericInterface web services stored as data: config, defaults, import."""
