"""Registrations: the titles a unit's collectives and people aim for, and their facts for the year."""
