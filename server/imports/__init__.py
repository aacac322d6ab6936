"""Imports of a district's own data: targets from its register exports (targets.py), users with their 执法证号
and teams (users.py), read from xlsx or CSV (reader.py). Each is checked row by row with reasons, re-importable
(matched by credit code or username) and previewed with `dry_run`; `server/__main__.py` and the admin routes
(server/api/routes/imports.py) call them."""
