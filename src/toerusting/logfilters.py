"""A logging filter that masks secrets carried in URLs: the RIS tab's session key (`s=`) and launch tokens
(`token=`). Django's development server logs every request line, and `django.request` logs the path of
every 4xx/5xx response; a proxy's or WSGI server's access log needs the same care (docs/operations.md).
"""

from __future__ import annotations

import logging
import re

URL_SECRET = re.compile(r"([?&;](?:s|token)=)[^&\s\"'#;]+")
MASK = "[hidden]"


def mask(text: str) -> str:
    """The text with the values of `s=` and `token=` query parameters replaced by [hidden]."""
    return URL_SECRET.sub(lambda match: match.group(1) + MASK, text)


class MaskUrlSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
