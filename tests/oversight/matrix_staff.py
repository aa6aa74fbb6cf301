"""Permission-matrix entries of the staff pages (merged by tests/test_permission_matrix.py)."""

MATRIX = {}
