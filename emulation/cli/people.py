"""Commands for the HR record: people and collectives, their import and export."""
from emulation.cli.base import group


@group("people")
def people():
    """Hồ sơ thi đua của cá nhân, tập thể (the HR record of people and collectives)."""
