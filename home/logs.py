"""What the application's logs may hold: ids, never a person's address, search or request data.

Our own log lines name orders, invoices and accounts by number. These two are the net
under other people's code (settings `LOGGING`, docs/privacy.md "Logs"): an SMTP error
quotes the address it refused, and Django's error mail would carry the request's query
string, form data, cookies and the signed-in person.
"""

import logging
import re

from django.views.debug import ExceptionReporter

EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class RedactingFormatter(logging.Formatter):
    """Writes every e-mail address in a line or its traceback as `[e-mail]`."""

    def format(self, record):
        return EMAIL_ADDRESS.sub("[e-mail]", super().format(record))


class ReportWithoutRequest(ExceptionReporter):
    """Django's error report (the administrators' mail) with the traceback and settings only.

    The mail's subject still names the path, never the query string."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(None, *args, **kwargs)

    def get_traceback_text(self):
        return EMAIL_ADDRESS.sub("[e-mail]", super().get_traceback_text())

    def get_traceback_html(self):
        return EMAIL_ADDRESS.sub("[e-mail]", super().get_traceback_html())
