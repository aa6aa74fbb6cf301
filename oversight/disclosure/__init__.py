"""Public disclosure (及时公开): the public list and page of each compound, built from sections
that the other areas register; no personal data."""
