"""The system's history reasons: stored in English whatever the writer's language, shown in the
reader's; a reason someone typed is shown as typed."""

from django.utils import translation

from common.reasons import translated_reason
from oversight.opinions.services import DUPLICATE_OF
from progress.services import DAILY_LOG_OF


def test_a_plain_reason_is_translated_for_the_reader():
    with translation.override("zh-hans"):
        assert translated_reason("the street's answer") == "街道答复"
    with translation.override("en"):
        assert translated_reason("the street's answer") == "the street's answer"


def test_a_reason_with_values_is_translated_with_its_values():
    stored = DUPLICATE_OF % {"code": "Y-2020-0007"}
    assert stored == "duplicate of Y-2020-0007"  # stored in English, whoever wrote it
    with translation.override("zh-hans"):
        shown = translated_reason(stored)
        assert "Y-2020-0007" in shown
        assert "duplicate" not in shown
        assert "2020-06-01" in translated_reason(DAILY_LOG_OF % {"date": "2020-06-01"})
        assert "daily log" not in translated_reason(DAILY_LOG_OF % {"date": "2020-06-01"})


def test_a_typed_reason_is_shown_as_typed():
    with translation.override("zh-hans"):
        assert translated_reason("住户要求改期") == "住户要求改期"
        assert translated_reason("duplicate of nothing, really") == "duplicate of nothing, really"
        assert translated_reason("") == ""
        assert translated_reason(None) == ""
