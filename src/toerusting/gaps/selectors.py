"""The gaps overview: aggregates over all organisations of what councils need and what is offered, as
`toerusting.charts.Report`s (chart and table with the same figures). Never a person or a single council:

- agenda topics and council instruments of the coming GAPS_MONTHS months are shown only when their agenda
  items come from at least MIN_ORGANISATIONS organisations;
- a search without results is shown only when at least MIN_ASKERS distinct askers (organisations, or
  visitors without one) asked it;
- an item's evaluations are shown only from K_PERSONS scores (the reports' minimum group) that come from
  at least MIN_ORGANISATIONS organisations.
A topic, instrument or search below its threshold is left out altogether (not shown as "too few"), and no
total is shown, so nothing hidden can be worked out by subtraction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.charts import Report, bars, number
from toerusting.gaps.models import EmptySearch
from toerusting.planner import selectors as planner_selectors
from toerusting.recommendations import selectors as recommendation_selectors
from toerusting.reports.selectors import K_PERSONS

# Agenda items of meetings from today until this many days ahead ("the coming months").
GAPS_DAYS_AHEAD = 92
# A topic or instrument row needs agenda items of at least this many organisations.
MIN_ORGANISATIONS = 3
# A search without results is shown from this many distinct askers on.
MIN_ASKERS = 3
# Short learning: an item of at most this many minutes.
SHORT_MINUTES = 30
# An item's evaluations are shown from this many scores on (the reports' minimum group size) ...
MIN_RATINGS = K_PERSONS
# ... and listed as low when their average is below this (on the scale of 1 to 5).
LOW_AVERAGE = 3.5
# Searches of the last this many days.
SEARCH_DAYS = 180
# At most this many rows per report.
MAX_ROWS = 15


@dataclass(frozen=True)
class Need:
    code: str
    label: str
    agenda_items: int
    organisations: int
    short_items: int

    @property
    def per_short_item(self) -> float:
        """Agenda items per short item (all of them when there is no short item)."""
        return self.agenda_items / self.short_items if self.short_items else float(self.agenda_items)


def _needs(
    rows: list[tuple[int, tuple[str, ...], str]], which: str, labels: dict[str, str], short: dict[str, int]
) -> list[Need]:
    items: dict[str, int] = defaultdict(int)
    organisations: dict[str, set[int]] = defaultdict(set)
    for organisation_id, topics, instrument in rows:
        codes = set(topics) if which == "topic" else ({instrument} if instrument else set())
        for code in codes:
            if code in labels:
                items[code] += 1
                organisations[code].add(organisation_id)
    needs = [
        Need(code, labels[code], count, len(organisations[code]), short.get(code, 0))
        for code, count in items.items()
        if len(organisations[code]) >= MIN_ORGANISATIONS
    ]
    # The biggest gap first: most agenda items per short item, then most agenda items.
    return sorted(needs, key=lambda need: (-need.per_short_item, -need.agenda_items, need.label))[:MAX_ROWS]


def _need_report(key: str, title: str, first_column: str, needs: list[Need]) -> Report:
    values = [(need.label, float(need.agenda_items), number(need.agenda_items)) for need in needs]
    if needs:
        top = needs[0]
        summary = _(
            "The biggest gap: %(label)s, with %(items)s agenda items in %(organisations)s organisations and "
            "%(short)s short items."
        ) % {
            "label": top.label,
            "items": number(top.agenda_items),
            "organisations": number(top.organisations),
            "short": number(top.short_items),
        }
    else:
        summary = _(
            "Nothing to show yet: no row has agenda items of at least %(k)s organisations in the coming "
            "months."
        ) % {"k": MIN_ORGANISATIONS}
    return Report(
        key=key,
        title=title,
        summary=summary,
        columns=[
            first_column,
            _("Agenda items"),
            _("Organisations"),
            _("Short items (up to %(minutes)s minutes)") % {"minutes": SHORT_MINUTES},
            _("Agenda items per short item"),
        ],
        rows=[
            [
                need.label,
                number(need.agenda_items),
                number(need.organisations),
                number(need.short_items),
                number(need.per_short_item, 1) if need.short_items else _("no short item"),
            ]
            for need in needs
        ],
        bars=bars(values, max((v for _l, v, _t in values), default=1.0) or 1.0),
        empty=_("No agenda topic of the coming months meets the threshold yet."),
    )


@dataclass(frozen=True)
class AskedSearch:
    query: str
    askers: int
    last_asked: dt.date


def asked_searches(today: dt.date | None = None) -> list[AskedSearch]:
    """Searches without results of the last SEARCH_DAYS days asked by at least MIN_ASKERS askers, most asked
    first; one query."""
    today = today or timezone.localdate()
    rows = (
        EmptySearch.objects.filter(asked_on__gte=today - dt.timedelta(days=SEARCH_DAYS))
        .values("query")
        .annotate(askers=Count("asker", distinct=True), last=Max("asked_on"))
        .filter(askers__gte=MIN_ASKERS)
        .order_by("-askers", "query")[:MAX_ROWS]
    )
    return [AskedSearch(row["query"], row["askers"], row["last"]) for row in rows]


def _search_report(searches: list[AskedSearch]) -> Report:
    values = [(search.query, float(search.askers), number(search.askers)) for search in searches]
    return Report(
        key="zoekvragen",
        title=_("Searches in the catalogue that found nothing"),
        summary=(
            _("The search most asked without result: “%(query)s”, by %(count)s askers.")
            % {"query": searches[0].query, "count": number(searches[0].askers)}
            if searches
            else _("No search without results was asked by at least %(k)s organisations or visitors yet.")
            % {"k": MIN_ASKERS}
        ),
        columns=[_("Search words"), _("Asked by (organisations or visitors)"), _("Last asked in")],
        rows=[
            [search.query, number(search.askers), search.last_asked.strftime("%m-%Y")] for search in searches
        ],
        bars=bars(values, max((v for _l, v, _t in values), default=1.0) or 1.0),
        empty=_("No search meets the threshold yet."),
    )


@dataclass(frozen=True)
class LowItem:
    title: str
    provider: str
    ratings: int
    average: float


def low_evaluations() -> list[LowItem]:
    """National items whose evaluations (at least MIN_RATINGS, from at least MIN_ORGANISATIONS
    organisations) average below LOW_AVERAGE, lowest first; two queries."""
    enough = {
        item_id: scores
        for item_id, (scores, organisations) in planner_selectors.evaluations_per_item().items()
        if len(scores) >= MIN_RATINGS and len(organisations) >= MIN_ORGANISATIONS
    }
    titles = catalogue_selectors.item_titles(enough.keys())
    found = []
    for item_id, scores in enough.items():
        average = round(sum(scores) / len(scores), 1)
        if item_id in titles and average < LOW_AVERAGE:
            title, _slug, provider = titles[item_id]
            found.append(LowItem(title, provider, len(scores), average))
    return sorted(found, key=lambda item: (item.average, item.title))[:MAX_ROWS]


def _evaluation_report(items: list[LowItem]) -> Report:
    values = [(item.title, item.average, number(item.average, 1)) for item in items]
    return Report(
        key="evaluaties",
        title=_("Items with low evaluations"),
        summary=(
            _("%(count)s items score below %(low)s out of 5 where enough evaluations exist.")
            % {"count": len(items), "low": number(LOW_AVERAGE, 1)}
            if items
            else _(
                "No item scores below %(low)s out of 5 with at least %(k)s evaluations from %(orgs)s "
                "organisations."
            )
            % {"low": number(LOW_AVERAGE, 1), "k": MIN_RATINGS, "orgs": MIN_ORGANISATIONS}
        ),
        columns=[_("Item"), _("Provider"), _("Evaluations"), _("Average (1 to 5)")],
        rows=[[item.title, item.provider, number(item.ratings), number(item.average, 1)] for item in items],
        bars=bars(values, 5),
        empty=_("No item meets the threshold yet."),
    )


def _offer_report(needs: list[Need]) -> Report:
    """What is offered on the topics of the agenda report: items per provider, for the first topics."""
    topics = needs[:8]
    offer = catalogue_selectors.offer_per_topic_and_provider([need.code for need in topics])
    rows: list[list[str]] = []
    values: list[tuple[str, float | None, str]] = []
    for need in topics:
        providers = sorted(offer.get(need.code, {}).items(), key=lambda pair: (-pair[1], pair[0]))
        if not providers:
            rows.append([need.label, _("nobody"), number(0)])
            values.append((need.label, 0.0, number(0)))
        for provider, count in providers:
            rows.append([need.label, provider, number(count)])
            values.append((f"{need.label}: {provider}", float(count), number(count)))
    return Report(
        key="aanbod",
        title=_("What is offered on these topics, per provider"),
        summary=_("Items in the catalogue per provider, for the topics with the biggest gaps."),
        columns=[_("Topic"), _("Provider"), _("Items")],
        rows=rows,
        bars=bars(values, max((v or 0 for _l, v, _t in values), default=1.0) or 1.0),
        empty=_("No topic meets the threshold yet."),
    )


@dataclass(frozen=True)
class Overview:
    start: dt.date
    end: dt.date
    reports: list[Report]


def overview(now: dt.datetime | None = None) -> Overview:
    """Every report of the gaps overview; a fixed number of queries whatever the number of organisations."""
    now = now or timezone.now()
    end = now + dt.timedelta(days=GAPS_DAYS_AHEAD)
    rows = recommendation_selectors.upcoming_analyses_everywhere(now, end)
    short_topics, short_instruments = catalogue_selectors.short_item_counts(SHORT_MINUTES)
    topics = _needs(rows, "topic", catalogue_selectors.topic_labels(), short_topics)
    instruments = _needs(rows, "instrument", catalogue_selectors.instrument_labels(), short_instruments)
    reports = [
        _need_report(
            "onderwerpen",
            _("Agenda topics of the coming months and short learning on them"),
            _("Topic"),
            topics,
        ),
        _need_report(
            "instrumenten",
            _("Council instruments of the coming months and short learning on them"),
            _("Council instrument"),
            instruments,
        ),
        _offer_report(topics),
        _search_report(asked_searches(timezone.localdate(now))),
        _evaluation_report(low_evaluations()),
    ]
    return Overview(timezone.localdate(now), timezone.localdate(end), reports)
