"""Data for trying and measuring the app: the demo bloc of the seed reports and synthetic ministry-scale years."""
