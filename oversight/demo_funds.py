"""Demo data of oversight: funds (called by oversight/demo.py)."""


def seed(tally):
    """Create what is missing; change nothing that exists."""
