"""Oversight: funds, reads and writes (the area's selectors and services). Imported by
OversightConfig.ready(), so what it registers (panels, disclosure sections, acceptance checks)
is in place before the first request."""
