"""Residents' opinions (问需于民): the public form and its receipt codes, the intake that stores a
submission with one insert, triage, replies, moderation and merging, tallies by topic, and
the retention of personal data."""
