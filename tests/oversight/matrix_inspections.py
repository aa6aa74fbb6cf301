"""Permission-matrix entries of oversight: inspections (merged by
tests/test_permission_matrix.py)."""

MATRIX = {}
