"""The engines: criteria trees, the plain year (YearData), scoring, ranking, title rules and decisions, results.

Pure functions over plain data: nothing here imports Flask, SQLAlchemy or any other part of the app
but the plugin contract. The web, the CLI, the API, the exports and the documents all call them."""
