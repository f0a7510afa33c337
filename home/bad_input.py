"""Input no page of the site can take, refused with the 400 page before any view runs.

A NUL character in a query string or a form reaches PostgreSQL as a string literal it
refuses (Django raises ValueError: a 500). No field of ours has a use for one.
"""

from django.core.exceptions import SuspiciousOperation

FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Forms only (CSRF's check has parsed them already); a raw body is left to its view.
        data = [request.GET]
        if request.method == "POST" and request.content_type in FORMS:
            data.append(request.POST)
        for query in data:
            for key, values in query.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise SuspiciousOperation("A NUL character in the request's parameters.")
        return self.get_response(request)
