"""Supervision (全程监督): the residents' supervision groups and the records of the three levels
of supervision, the supervision firm and the third party; a failed check raises a problem in
the one register (progress.Rectification)."""
