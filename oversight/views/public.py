"""Pages of the residents' voice: public."""
