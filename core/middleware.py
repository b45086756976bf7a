from django.conf import settings
from django.shortcuts import render
from django.utils import translation


class DutchFirstLocaleMiddleware:
    """Dutch unless the user chose another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    English-language browser on a Dutch school laptop would get English. Here
    only the explicit choice (the language cookie set by the switcher) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class RefuseNulMiddleware:
    """Refuse any request with a NUL character in a query parameter or a posted field.

    No text in this product ever holds one, PostgreSQL cannot store one (and fails on a query
    that compares with one), and a form field that let it through would answer with a 500.
    One rule here covers every field and every query parameter, the login form and beheer
    included: the answer is a 400 with a Dutch explanation, and nothing is saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._refused(request):
            return render(request, "invalid_input.html", status=400)
        return self.get_response(request)

    @staticmethod
    def _refused(request):
        if "\x00" in request.path or _has_nul(request.GET):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method != "POST" or not content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            return False
        return _has_nul(request.POST)


def _has_nul(query_dict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())
