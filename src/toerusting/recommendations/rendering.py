"""The agenda rows with what helps to prepare each, as HTML: one place for the RIS tab, Voorbereiden and the
meeting page (through the template tags in templatetags/preparation.py).

Built in Python, not with the template language: the RIS tab of a 30-item meeting spent about a third of its
time rendering these rows with templates (a `{% include %}` and a `{% blocktranslate count %}` per item, every
variable through localisation), and the rows are the only part of the page that grows with the agenda.
Everything a reader or translator sees is still here in one place: the markup below and the strings through
gettext (the same messages as the templates had, so their translations stay). The griffie's controls to pin
and hide stay a template (_curate_suggestion.html), rendered only on the griffie's own pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

if TYPE_CHECKING:
    from .services import ItemPreparation, Suggestion


def tab_rows(rows: Iterable[ItemPreparation], heading_level: int = 3) -> SafeString:
    """The agenda items as a numbered list, each with its heading and its learning items."""
    level = int(heading_level)
    parts = ['<ol class="toerusting-tab__items">']
    for row in rows:
        agenda_item = row.agenda_item
        number = agenda_item.number or ""
        if number:
            number = escape(number) + ("" if number.endswith(".") else ".") + " "
        parts.append(
            f'<li class="toerusting-tab__item" id="punt-{agenda_item.pk}">'
            f'<h{level} class="utrecht-heading-3">{number}{escape(agenda_item.title)}</h{level}>'
        )
        parts.append(learning_items(row))
        parts.append("</li>")
    parts.append("</ol>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


def learning_items(row: ItemPreparation, curate: Mapping[Any, Any] | None = None) -> SafeString:
    """What helps to prepare one agenda item. `curate`: the template context of the griffie's page (with its
    `curate_url` and CSRF token), to add the controls to pin and hide beside each item."""
    if row.same_as is not None:
        text = gettext("The same learning items as for %(items)s.") % {
            "items": escape(row.same_as.group_label)
        }
        return mark_safe(  # noqa: S308 (the label is escaped, the message is ours)
            f'<p class="utrecht-paragraph toerusting-muted">'
            f'<a class="utrecht-link" href="#punt-{row.same_as.agenda_item.pk}">{text}</a></p>'
        )
    if row.shown:
        parts = []
        if row.group_label:
            text = gettext("For %(items)s:") % {"items": escape(row.group_label)}
            parts.append(f'<p class="utrecht-paragraph toerusting-muted">{text}</p>')
        parts.append('<ul class="toerusting-learning">')
        for shown in row.shown:
            parts.append(_suggestion(row, shown, curate))
        parts.append("</ul>")
        return mark_safe("".join(parts))  # noqa: S308 (every value is escaped in _suggestion)
    if row.procedural:
        text = gettext("A procedural item: nothing to prepare.")
    else:
        text = gettext("No learning item fits this agenda item yet.")
    return mark_safe(f'<p class="utrecht-paragraph toerusting-muted">{text}</p>')  # noqa: S308 (our message)


def _suggestion(row: ItemPreparation, shown: Suggestion, curate: Mapping[Any, Any] | None) -> str:
    item = shown.item
    minutes = item.duration_minutes
    meta = ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes}
    if item.is_example:
        meta += ", " + gettext("example of an offer")
    html = (
        f'<li class="toerusting-learning__item"><a class="utrecht-link" href="{escape(shown.link)}">'
        f"{escape(item.title)}</a> "
        f'<span class="toerusting-muted">({meta})</span>'
    )
    if shown.pinned:
        html += (
            ' <span class="utrecht-status-badge utrecht-status-badge--active">'
            f"{gettext('Recommended by the griffie')}</span>"
        )
    if shown.completed:
        html += f' <span class="utrecht-status-badge utrecht-status-badge--success">{gettext("done")}</span>'
    if not shown.pinned:
        html += f'<br><span class="toerusting-reason">{escape(shown.reason)}</span>'
    if curate is not None:
        context = {**curate, "row": row, "shown": shown}
        html += get_template("recommendations/_curate_suggestion.html").render(
            context, context.get("request")
        )
    return html + "</li>"
