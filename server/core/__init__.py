"""Settings, security primitives and logging set-up of the server."""
