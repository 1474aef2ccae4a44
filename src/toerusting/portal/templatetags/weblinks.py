"""`http_url`: render a link from outside data only when it is an http(s) address.

Document links, a meeting's source page and a learning item's address come from RIS imports, vendors and
content files. The importers refuse other schemes; templates check again, so a `javascript:` or `data:`
address that reached the database some other way is shown as text, never as a link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def http_url(value: object) -> str:
    """The address if it is an absolute http or https URL with a host, else an empty string."""
    if not isinstance(value, str):
        return ""
    address = value.strip()
    # Browsers drop tabs and newlines inside a URL and control characters at its start: refuse them all.
    if not address or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in address):
        return ""
    try:
        parts = urlsplit(address)
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return ""
    return address
