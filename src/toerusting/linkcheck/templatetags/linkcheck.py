"""The notice on a catalogue item's page when one of its links has been dead for the whole period:
`{% load linkcheck %}{% dead_link_notice item %}` (the catalogue sits below the link check and cannot
import it; its template loads the tag, as it includes the planner's sign-up block)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from toerusting.linkcheck import selectors

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem

register = template.Library()


@register.inclusion_tag("linkcheck/_dead_notice.html")
def dead_link_notice(item: LearningItem) -> dict[str, Any]:
    return {"dead_links": selectors.dead_links_for_item(item)}
