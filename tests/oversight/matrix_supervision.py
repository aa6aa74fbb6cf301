"""Permission-matrix entries of oversight: supervision (merged by
tests/test_permission_matrix.py)."""

MATRIX = {}
