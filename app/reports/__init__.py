"""Exports for publication and reporting (xlsx). No Qt here: the UI picks the file, these write it."""
