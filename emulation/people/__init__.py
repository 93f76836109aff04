"""The HR record of emulation: people and collectives over time, their leave, departures and earlier titles."""
