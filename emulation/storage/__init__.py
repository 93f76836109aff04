"""Storage: reading and writing a year in the database, the year file, the audit trail, published snapshots,
the schema, and the rule files the app applies."""
