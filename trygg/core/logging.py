"""Logging guard: application logs must not carry personal data."""

import logging


class NoPersonalDataFilter(logging.Filter):
    """Drops request objects and query strings from log records.

    Django's request logger attaches the request (with POST data and cookies) to error records;
    handlers that format it could leak names. Keep only method, path and status.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            record.request = None
            record.msg = "%s %s"
            record.args = (getattr(request, "method", "?"), getattr(request, "path", "?"))
        record.exc_text = None
        return True
