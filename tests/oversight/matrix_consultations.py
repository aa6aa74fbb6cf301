"""Permission-matrix entries of the consultations pages (merged by tests/test_permission_matrix.py)."""

MATRIX = {}
