"""The shared base every app builds on: form rendering, list exports, filters, the API's base
classes, the cache, error pages, the client address, the effects registry. It imports no app of
the portal (an import-linter contract in pyproject.toml keeps it so)."""
