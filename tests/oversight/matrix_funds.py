"""Permission-matrix entries of oversight: funds (merged by
tests/test_permission_matrix.py)."""

MATRIX = {}
