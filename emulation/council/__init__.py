"""The emulation council: sessions, attendance and ballots; the signed decisions that award titles."""
