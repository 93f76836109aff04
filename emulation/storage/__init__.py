"""Storage: reading and writing a year in the database, the year file, the audit trail, published snapshots,
the schema, and the rule files the app applies."""

# Imported with the package so that no write, whatever module makes it, escapes the data version's listeners.
from emulation.storage import data_version as _data_version  # noqa: E402,F401
