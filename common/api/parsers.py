"""The API's parsers: a JSON body nested deeper than any request of ours needs is refused with
a 400 and a reason, before it can exhaust the interpreter's recursion (Python's json module
raises RecursionError near 1,000 levels, and the serializers recurse again); what a client
sends arrives without the invisible characters (common.text), as the pages' forms get it from
common.middleware.CleanInputMiddleware."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

from common.middleware import clean_file_names, cleaned_query
from common.text import clean_data

# No body of the API nests deeper than a few levels (an object of fields, a list of ids).
MAX_JSON_DEPTH = 32

TOO_DEEP = _("JSON parse error: the body is nested too deeply.")


def nested_deeper_than(data, limit: int) -> bool:
    """Whether ``data`` (parsed JSON) has lists or objects more than ``limit`` levels deep:
    walked without recursion, stopping at the first level past the limit."""
    level = [data]
    for _depth in range(limit + 1):
        inner = []
        for item in level:
            if isinstance(item, dict):
                inner.extend(v for v in item.values() if isinstance(v, dict | list))
            elif isinstance(item, list):
                inner.extend(v for v in item if isinstance(v, dict | list))
        if not inner:
            return False
        level = inner
    return True


class BoundedJSONParser(JSONParser):
    """DRF's JSONParser refusing a body nested more than ``max_depth`` levels (a ParseError:
    400, "JSON parse error: the body is nested too deeply.")."""

    max_depth = MAX_JSON_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if nested_deeper_than(data, self.max_depth):
            raise ParseError(TOO_DEEP)
        return data


class CleanJSONParser(BoundedJSONParser):
    """JSON, bounded in depth, whose strings (values and keys, at any depth) are without
    invisible characters."""

    def parse(self, stream, media_type=None, parser_context=None):
        return clean_data(super().parse(stream, media_type, parser_context))


class CleanFormParser(FormParser):
    """A form-encoded body without invisible characters in its names and values."""

    def parse(self, stream, media_type=None, parser_context=None):
        return cleaned_query(super().parse(stream, media_type, parser_context))


class CleanMultiPartParser(MultiPartParser):
    """A multipart body without invisible characters in its names, values and file names."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        clean_file_names(parsed.files)
        return DataAndFiles(cleaned_query(parsed.data), parsed.files)
