"""Helpers for the CHECK constraints the models share."""


def one_of(column: str, values) -> str:
    """Return the SQL condition that `column` holds one of `values`."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
