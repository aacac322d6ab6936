"""The real server process on loopback (module-scoped) and a fault proxy in front of it."""

from tests.helpers.live_server import live_server, proxy  # noqa: F401 (fixtures)
