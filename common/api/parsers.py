"""The API's parsers: what a client sends, without the invisible characters (common.text), as
the pages' forms get it from common.middleware.CleanInputMiddleware."""

from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

from common.middleware import cleaned_query
from common.text import clean_data, without_invisible


class CleanJSONParser(JSONParser):
    """JSON whose strings (values and keys, at any depth) are without invisible characters."""

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
        for _name, uploads in parsed.files.lists():
            for upload in uploads:
                if upload.name:
                    upload.name = without_invisible(upload.name)
        return DataAndFiles(cleaned_query(parsed.data), parsed.files)
