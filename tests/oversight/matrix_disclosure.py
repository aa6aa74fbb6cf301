"""Permission-matrix entries of the disclosure pages (merged by tests/test_permission_matrix.py)."""

MATRIX = {}
