"""Hostile shapes of request parameters and bodies: what a careless client or an attacker may
send in place of a value. tests/test_input_shapes.py sends them to every page and endpoint,
tests/test_api_fuzz.py to every operation of the API's schema.

``VALUES`` are strings, for a query string or a form field; ``JSON_VALUES`` are values for a
field of a JSON body; ``BODIES`` are whole raw JSON bodies (they cannot all be written with
``json.dumps``: 10,000 levels of nesting exceed its recursion, and 1e400 is no float).
"""

# Integers just outside what a 64-bit column holds, and a number no float holds.
PAST_64_BITS = str(2**63)
BELOW_64_BITS = str(-(2**63) - 1)
PAST_FLOAT = "1e400"

# Text far longer than any field (SQLite: "LIKE or GLOB pattern too complex" past 50,000
# bytes; a 20,000-character search already held a worker).
HUGE_TEXT = "院" * 20_000

VALUES = {
    "huge text": HUGE_TEXT,
    "2**63": PAST_64_BITS,
    "-2**63-1": BELOW_64_BITS,
    "1e400": PAST_FLOAT,
    "huge integer": "9" * 400,
    "NUL byte": "a\x00b",
    "nan": "NaN",
    "percent and underscore": "%_%\\",
    "brackets": "[[1]]",
}

# The two shapes that found most: one for text, one for numbers and ids (the default run).
SAMPLE = ("huge text", "2**63")

# A query string of percent-escapes that are not UTF-8 (sent as the raw QUERY_STRING).
INVALID_UTF8_QUERY = "%ff%fe%fd=%c3%28&q=%ed%a0%80&page=%ff"

JSON_VALUES = {
    "huge text": HUGE_TEXT,
    "2**63": 2**63,
    "-2**63-1": -(2**63) - 1,
    "huge integer": int("9" * 400),
    "a list": [1, 2],
    "an object": {"a": {"b": 1}},
    "NUL byte": "a\x00b",
    "true": True,
    "null": None,
    "float": 0.5,
    "huge array": list(range(10_000)),
}

JSON_SAMPLE = ("huge text", "2**63", "an object")

DEPTH = 10_000

BODIES = {
    "deeply nested array": b"[" * DEPTH + b"]" * DEPTH,
    "deeply nested object": b'{"a":' * DEPTH + b"1" + b"}" * DEPTH,
    "deep in a field": b'{"name":' + b"[" * DEPTH + b"]" * DEPTH + b"}",
    "1e400": b'{"id": 1e400, "households": 1e400}',
    "wide array": b"[" + b",".join([b"0"] * 100_000) + b"]",
    "a string": b'"just text"',
    "invalid UTF-8": b'{"name": "\xff\xfe"}',
    "not JSON": b"{'name': 1,}",
    "NUL escape": b'{"name": "\\u0000"}',
    "lone surrogate": b'{"name": "\\ud800"}',
}

BODY_SAMPLE = ("deeply nested array", "deep in a field", "1e400")


def json_value(name: str):
    """A fresh copy of a JSON shape (the lists and objects are mutable)."""
    value = JSON_VALUES[name]
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return {"a": {"b": 1}}
    return value
