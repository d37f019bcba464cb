"""Logging guard: application logs must not carry personal data."""

import logging
import traceback


class NoPersonalDataFilter(logging.Filter):
    """Keeps logs useful for engineers and free of the people the system protects.

    - Django's request logger attaches the request (POST data, cookies): only method and path stay.
    - An exception's message can quote data ("Could not match <name>"): only its class and the
      stack frames (file, line, function) are kept, never the message or local variables.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            record.request = None
            record.msg = "%s %s"
            record.args = (getattr(request, "method", "?"), getattr(request, "path", "?"))
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _exc, tb = record.exc_info
            frames = traceback.format_list(traceback.extract_tb(tb))
            record.exc_text = (
                "Traceback (most recent call last):\n"
                + "".join(line.splitlines(keepends=True)[0] for line in frames)
                + f"{exc_type.__module__}.{exc_type.__qualname__} (message withheld)"
            )
            record.exc_info = None
        else:
            record.exc_text = None
        return True
