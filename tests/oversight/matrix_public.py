"""Permission-matrix entries of the public pages (merged by tests/test_permission_matrix.py)."""

MATRIX = {}
