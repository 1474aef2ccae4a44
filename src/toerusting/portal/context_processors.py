"""Values every page of the shell needs: the organisation in view, its theme, and the user's organisations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe

from toerusting import csp
from toerusting.organisations import selectors


def theme_css(organisation: Any) -> SafeString:
    """The organisation's design tokens as CSS declarations, for the page's nonce'd <style> element (a
    style attribute would need 'unsafe-inline' in the Content-Security-Policy)."""
    declarations = (f"{name}: {value};" for name, value in selectors.theme_tokens(organisation))
    # Safe: theme_tokens passes only tokens whose characters cannot end a declaration or the element.
    return mark_safe(" ".join(declarations))  # noqa: S308


def shell(request: HttpRequest) -> dict[str, Any]:
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    # Read only by pages that show the organisation menu (not the RIS tab): a query only when used.
    organisations = SimpleLazyObject(
        lambda: (
            list(selectors.organisations_for_user(user)) if user is not None and user.is_authenticated else []
        )
    )
    return {
        "current_organisation": organisation,
        "theme_css": theme_css(organisation) if organisation is not None else "",
        "csp_nonce": csp.nonce_of(request),
        "user_organisations": organisations,
    }
