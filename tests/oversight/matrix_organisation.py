"""Permission-matrix entries of oversight: organisation (merged by
tests/test_permission_matrix.py)."""

MATRIX = {}
