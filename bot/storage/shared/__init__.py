"""The repositories both backends share: the same SQL (written with `?` placeholders and the portable subset of
SQLite 3.39+ and PostgreSQL 16) over a `Database` that each backend provides."""
