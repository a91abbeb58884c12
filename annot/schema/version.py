"""The schema version written into tasks, pulls and exports."""

SCHEMA_VERSION = "1.0"
