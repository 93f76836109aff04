"""A bloc's year: signing its agreement, its lifecycle (lock, publish, reopen), publishing snapshots, the results
service every presentation calls, and the pages of a year (overview, results, the JSON API)."""
