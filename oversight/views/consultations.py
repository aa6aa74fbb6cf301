"""Pages of the residents' voice: consultations."""
