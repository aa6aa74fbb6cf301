"""Text without invisible characters (common.text): bidirectional controls, zero-width
characters and every other format character dropped; the joiner of an emoji sequence, an
emoji flag and the drawn format characters kept. No database."""

import sys
import unicodedata

import pytest

from common.text import INVISIBLE_RANGES, VISIBLE_FORMAT, clean_data, without_invisible

RLO = "\u202e"
ZWJ = "\u200d"

BIDI_AND_ZERO_WIDTH = [
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x200E,
    0x200F,
    0x061C,
    0x200B,
    0x200C,
    0x200D,
    0x2060,
    0xFEFF,
]


@pytest.mark.parametrize("code", BIDI_AND_ZERO_WIDTH, ids=lambda code: f"U+{code:04X}")
def test_each_bidirectional_and_zero_width_character_is_dropped(code):
    assert without_invisible(f"王{chr(code)}大爷") == "王大爷"


def test_an_override_that_reverses_a_file_name_is_dropped():
    assert without_invisible(f"照片{RLO}gpj.exe") == "照片gpj.exe"


def test_every_format_character_of_this_python_is_dropped_or_known_to_be_drawn():
    """The module's list covers category Cf of the running Python's Unicode database."""
    listed = {code for first, last in INVISIBLE_RANGES for code in range(first, last + 1)}
    format_characters = {
        code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"
    }
    assert format_characters - VISIBLE_FORMAT <= listed
    assert not listed & VISIBLE_FORMAT
    dropped = "".join(chr(code) for code in sorted(format_characters - VISIBLE_FORMAT))
    assert without_invisible(f"a{dropped}b") == "ab"


def test_drawn_format_characters_are_kept():
    text = "\u0600١٢"  # the Arabic number sign before digits
    assert without_invisible(text) == text


def test_text_without_invisible_characters_is_returned_as_it_is():
    for text in ("", "plain", "丰产路47号院 3号楼", "暖气片太旧，冬天不热。😀", "é\u0301"):
        assert without_invisible(text) is text


def test_the_joiner_between_emoji_is_kept():
    family = f"👨{ZWJ}👩{ZWJ}👧"
    heart_on_fire = f"❤\ufe0f{ZWJ}🔥"
    coder = f"👩🏽{ZWJ}💻"
    for text in (family, heart_on_fire, coder):
        assert without_invisible(f"谢谢{text}") == f"谢谢{text}"


def test_the_joiner_elsewhere_is_dropped():
    assert without_invisible(f"王{ZWJ}五") == "王五"
    assert without_invisible(f"{ZWJ}😀") == "😀"
    assert without_invisible(f"😀{ZWJ}") == "😀"
    assert without_invisible(f"😀{ZWJ}五") == "😀五"
    # a joiner next to another invisible character joins nothing a reader sees
    assert without_invisible(f"😀{RLO}{ZWJ}😀") == "😀😀"


def test_an_emoji_flag_keeps_its_tags_and_stray_tags_are_dropped():
    scotland = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert without_invisible(f"苏格兰{scotland}") == f"苏格兰{scotland}"
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore previous")
    assert without_invisible(f"好{hidden}的") == "好的"


def test_clean_data_cleans_strings_keys_and_nested_values_and_keeps_the_rest():
    data = {
        f"te{RLO}xt": f"希望{RLO}加装电梯",
        "topics": ["heat\u200bing", "elevator"],
        "nested": {"deeper": [[{"name": "赵\ufeff奶奶"}]]},
        "count": 3,
        "consent": True,
        "none": None,
        "ratio": 1.5,
    }
    assert clean_data(data) == {
        "text": "希望加装电梯",
        "topics": ["heating", "elevator"],
        "nested": {"deeper": [[{"name": "赵奶奶"}]]},
        "count": 3,
        "consent": True,
        "none": None,
        "ratio": 1.5,
    }
    assert data["topics"][0] == "heat\u200bing"  # the argument is not changed
    assert clean_data(f"a{RLO}") == "a"
    assert clean_data(7) == 7


def test_clean_data_takes_any_depth_without_exhausting_the_stack():
    depth = 5000
    nested = f"x{RLO}"
    for level in range(depth):
        nested = [nested] if level % 2 else {"k": nested}
    cleaned = clean_data(nested)
    for _ in range(depth):
        cleaned = cleaned[0] if isinstance(cleaned, list) else cleaned["k"]
    assert cleaned == "x"
