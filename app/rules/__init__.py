"""Pure domain rules: no Qt, no database, no network. Imports only `app.models` and itself."""
