"""Reads of the residents' feedback. Figures and comments leave this module only for a quarter with at
least MIN_RESPONSES responses; quarters below that are not even counted for anyone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Avg, Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.agenda import selectors as agenda_selectors
from toerusting.charts import Report, bars, number
from toerusting.citizens.models import CouncilReaction, FeedbackComment, FeedbackResponse, FeedbackSetting
from toerusting.citizens.periods import Quarter
from toerusting.citizens.questions import FIELDS, MIN_RESPONSES, QUESTIONS
from toerusting.organisations import selectors as organisation_selectors

if TYPE_CHECKING:
    from toerusting.agenda.models import Meeting
    from toerusting.organisations.models import Organisation

# The form offers the public meetings of this many past days to tie a response to.
RECENT_MEETING_DAYS = 60
# Gremia that meet behind closed doors: a resident could not have followed their meetings.
CLOSED_GREMIA = ("presidium", "agendacommissie", "auditcommissie", "college")


def organisation_for_public(slug: str) -> Organisation:
    """The organisation of a public page (no login); 404 for an unknown key."""
    organisation = organisation_selectors.organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    return organisation


def form_is_open(organisation: Organisation) -> bool:
    return FeedbackSetting.objects.filter(organisation=organisation, is_open=True).exists()


def setting_of(organisation: Organisation) -> FeedbackSetting | None:
    return FeedbackSetting.objects.filter(organisation=organisation).select_related("changed_by").first()


def recent_meetings(organisation: Organisation, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Public meetings of the last RECENT_MEETING_DAYS days, newest first, that a response may be about
    (not cancelled, not of a gremium that meets behind closed doors)."""
    now = now or timezone.now()
    return (
        agenda_selectors.meetings_in_organisation(organisation)
        .filter(start__lte=now, start__gte=now - dt.timedelta(days=RECENT_MEETING_DAYS))
        .exclude(status="geannuleerd")
        .exclude(meeting_type="presidium")
        .exclude(gremium__kind__in=CLOSED_GREMIA)
        .order_by("-start")[:12]
    )


@dataclass(frozen=True)
class QuarterResult:
    """A quarter's figures; exists only with at least MIN_RESPONSES responses."""

    quarter: Quarter
    responses: int
    averages: dict[str, str]  # per question field: the average as text, or "" below MIN_RESPONSES answers
    values: dict[str, float | None]
    reaction: str

    def chart(self) -> Report:
        rows = [
            [str(q.short), self.averages[q.field] or _("too few"), str(self.counts_label)] for q in QUESTIONS
        ]
        return Report(
            key=f"kwartaal-{self.quarter.key}",
            title=_("Residents' opinion, %(quarter)s") % {"quarter": self.quarter.label},
            summary=self.summary(),
            columns=[_("Statement"), _("Average (1 to 5)"), _("Responses")],
            rows=rows,
            bars=bars(
                [
                    (str(q.short), self.values[q.field], self.averages[q.field] or _("too few"))
                    for q in QUESTIONS
                ],
                5,
            ),
        )

    @property
    def counts_label(self) -> str:
        return number(self.responses)

    def summary(self) -> str:
        shown = [(q, self.values[q.field]) for q in QUESTIONS if self.values[q.field] is not None]
        if not shown:
            return _("%(count)s residents responded; no statement had enough answers to show.") % {
                "count": self.responses
            }
        best = max(shown, key=lambda pair: pair[1] or 0)
        worst = min(shown, key=lambda pair: pair[1] or 0)
        return _(
            "%(count)s residents responded. They were most positive about “%(best)s” (%(best_value)s) and "
            "least about “%(worst)s” (%(worst_value)s), on a scale from 1 to 5."
        ) % {
            "count": self.responses,
            "best": best[0].short,
            "best_value": number(best[1], 1),
            "worst": worst[0].short,
            "worst_value": number(worst[1], 1),
        }


_AGGREGATES: dict[str, Any] = {
    "responses": Count("id"),
    **{f"avg_{name}": Avg(name) for name in FIELDS},
    **{f"n_{name}": Count(name) for name in FIELDS},
}


def quarter_results(organisation: Organisation) -> list[QuarterResult]:
    """The organisation's quarters with at least MIN_RESPONSES responses, newest first, each with the
    council's reaction. Two queries, whatever the number of quarters and responses."""
    rows = cast(
        "list[dict[str, Any]]",
        list(
            FeedbackResponse.objects.filter(organisation=organisation)
            .values("period_start")
            .annotate(**_AGGREGATES)
            .filter(responses__gte=MIN_RESPONSES)  # type: ignore[misc]  # HAVING on the annotation
            .order_by("-period_start")
        ),
    )
    reactions = dict(
        CouncilReaction.objects.filter(
            organisation=organisation, period_start__in=[row["period_start"] for row in rows]
        ).values_list("period_start", "text")
    )
    results = []
    for row in rows:
        values: dict[str, float | None] = {}
        for name in FIELDS:
            enough = row[f"n_{name}"] >= MIN_RESPONSES
            values[name] = round(float(row[f"avg_{name}"]), 1) if enough else None
        results.append(
            QuarterResult(
                quarter=Quarter.from_start(row["period_start"]),
                responses=row["responses"],
                averages={
                    name: (number(value, 1) if value is not None else "") for name, value in values.items()
                },
                values=values,
                reaction=reactions.get(row["period_start"], ""),
            )
        )
    return results


def result_for(organisation: Organisation, quarter: Quarter) -> QuarterResult | None:
    return next((r for r in quarter_results(organisation) if r.quarter == quarter), None)


def comments_for_griffie(organisation: Organisation, quarters: list[Quarter]) -> dict[Quarter, list[str]]:
    """The comments of these quarters, each in the order of their random keys (which says nothing about who
    wrote them or when); a quarter below MIN_RESPONSES responses gets none. Two queries for any number of
    quarters. The view checks that the user is of the griffie."""
    starts = [quarter.start for quarter in quarters]
    shown = set(
        FeedbackResponse.objects.filter(organisation=organisation, period_start__in=starts)
        .values("period_start")
        .annotate(responses=Count("id"))
        .filter(responses__gte=MIN_RESPONSES)
        .values_list("period_start", flat=True)
    )
    found: dict[Quarter, list[str]] = {quarter: [] for quarter in quarters}
    for start, text in (
        FeedbackComment.objects.filter(organisation=organisation, period_start__in=sorted(shown))
        .order_by("id")
        .values_list("period_start", "text")
    ):
        found[Quarter.from_start(start)].append(text)
    return found


def reaction_text(organisation: Organisation, quarter: Quarter) -> str:
    found = CouncilReaction.objects.filter(organisation=organisation, period_start=quarter.start).first()
    return found.text if found is not None else ""


@dataclass(frozen=True)
class Totals:
    """Residents' responses over all organisations that are shown (for the national monitor): quarters with
    enough responses only."""

    responses: int
    organisations: int


def response_totals(organisation_ids: list[int]) -> Totals:
    """How many residents responded in shown quarters, over these organisations; one query."""
    rows = list(
        FeedbackResponse.objects.filter(organisation_id__in=organisation_ids)
        .values("organisation_id", "period_start")
        .annotate(responses=Count("id"))
        .filter(responses__gte=MIN_RESPONSES)
        .values_list("organisation_id", "responses")
    )
    return Totals(sum(count for _org, count in rows), len({org for org, _count in rows}))
