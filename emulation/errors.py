"""The one family of errors a user can cause: each carries its message for the user and an HTTP status.

Services raise a subclass of ``EmulationError``; the web answers it with its status and message in
the page, the CLI prints its message and exits 1. Errors the code causes are not in this family:
they fail loudly.
"""
from __future__ import annotations


class EmulationError(ValueError):
    """Something a user asked for, or gave, cannot be done; nothing was changed.

    ``message`` is for the user (Vietnamese, with English in parentheses where no catalogue
    applies); ``status`` is the HTTP status a page or the API answers with.
    """

    status = 400

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message
