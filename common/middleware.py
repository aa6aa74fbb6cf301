from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers

from common.text import without_invisible


class LanguageMiddleware:
    """Speak the language the user chose in the header, else Simplified Chinese.

    Unlike Django's LocaleMiddleware, a browser's Accept-Language does not override the
    portal's default: the street office works in Chinese whatever the phone's settings. API
    clients may still ask for English with Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
            if request.path_info.startswith("/api/"):
                language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        translation.deactivate()
        return response


class CleanInputMiddleware:
    """Drop the invisible characters (common.text.without_invisible) from every value and name
    of a form's input, GET and POST, and from the names of uploaded files, before any view or
    form reads them: what the pages store is what a reader sees.

    The POST is cleaned as Django loads it (on first use, as ever), not read here: a view that
    reads the raw body (the API's JSON, cleaned by its own parser) or sets its own upload
    handlers still can, files stay files, and the CSRF token (ASCII) is unchanged. Passwords
    are left as typed: they are never shown, only compared with what was typed before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = cleaned_query(request.GET)
        load = request._load_post_and_files

        def load_cleaned():
            load()
            request._post = cleaned_query(request._post)
            clean_file_names(request._files)

        request._load_post_and_files = load_cleaned
        try:
            return self.get_response(request)
        finally:
            # The request and its loader refer to each other: part them, so the request is
            # freed as soon as it is done with (not at the garbage collector's next pass).
            request.__dict__.pop("_load_post_and_files", None)


def clean_file_names(files) -> None:
    """Drop the invisible characters from the names of uploaded ``files`` (a MultiValueDict),
    in place: a name reversed by U+202E reads as another file type."""
    for _name, uploads in files.lists():
        for upload in uploads:
            if upload.name:
                upload.name = without_invisible(upload.name)


def cleaned_query(query: QueryDict) -> QueryDict:
    """``query`` without invisible characters in its names and values (but a password's);
    the same object when it has none."""
    if all(
        (key.isascii() or without_invisible(key) == key)
        and all(value.isascii() or without_invisible(value) == value for value in values)
        for key, values in query.lists()
    ):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        if "password" in key:
            cleaned.setlist(key, values)
        else:
            cleaned.setlist(without_invisible(key), [without_invisible(v) for v in values])
    cleaned._mutable = query._mutable
    return cleaned
