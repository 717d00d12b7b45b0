"""Configuration as code: site files (``polydesk config export`` / ``apply``), product presets
and the admin API's configuration endpoints all read and write through these kinds."""
