"""Values every page of the shell needs: the organisation in view, its theme, and the user's organisations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from toerusting.organisations import selectors


def theme_style(theme: dict[str, str]) -> str:
    """Render validated design tokens as a style attribute value (autoescaped by the template)."""
    return "; ".join(f"{name}: {value}" for name, value in sorted(theme.items()))


def shell(request: HttpRequest) -> dict[str, Any]:
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    organisations = (
        list(selectors.organisations_for_user(user)) if user is not None and user.is_authenticated else []
    )
    return {
        "current_organisation": organisation,
        "theme_style": theme_style(organisation.theme) if organisation is not None else "",
        "user_organisations": organisations,
    }
