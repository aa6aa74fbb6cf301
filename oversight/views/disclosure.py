"""Pages of the residents' voice: disclosure."""
