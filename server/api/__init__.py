"""The HTTP API: app factory, dependencies, error bodies and routers."""
