"""Pages of the residents' voice: staff."""
