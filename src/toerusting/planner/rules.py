"""Timing rules a griffier chooses from, and how each becomes windows or spacing for the scheduler.

Also the blocked time of a term: meetings, recesses and other periods, school holidays, P&C peaks, public
holidays, the election and the installation. Everything here is plain data, so the benchmark can build a
problem for a generated council without a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from toerusting.planner import timeframes
from toerusting.planner.problem import MEETING_REASON, ActivitySpec, Problem, Window


class RuleKind(models.TextChoices):
    WITHIN_WEEKS_AFTER_INSTALLATION = (
        "binnen_weken_na_installatie",
        gettext_lazy("All sessions within a number of weeks after the installation"),
    )
    NOT_BEFORE_WEEKS_AFTER_INSTALLATION = (
        "niet_voor_weken_na_installatie",
        gettext_lazy("Not earlier than a number of weeks after the installation"),
    )
    BEFORE_FIRST_BEGROTING = (
        "voor_eerste_begroting",
        gettext_lazy("All sessions before the first budget council (begrotingsraad)"),
    )
    YEARLY_BEFORE_KADERNOTA = (
        "jaarlijks_voor_kadernota",
        gettext_lazy("One session every year in the weeks before the kadernota"),
    )
    EACH_YEAR = "elk_jaar", gettext_lazy("One session in every year of the term")
    MIDTERM = "halverwege", gettext_lazy("Around the middle of the term (within 3 months)")
    NOT_IN_LAST_MONTHS = (
        "niet_laatste_maanden",
        gettext_lazy("Not in the last months before the next election"),
    )
    MIN_WEEKS_BETWEEN = (
        "weken_ertussen",
        gettext_lazy("At least a number of weeks between the sessions of this activity"),
    )


# Rules that need a number, with the number a griffier would start from.
RULE_DEFAULT_NUMBER = {
    RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION: 12,
    RuleKind.NOT_BEFORE_WEEKS_AFTER_INSTALLATION: 8,
    RuleKind.YEARLY_BEFORE_KADERNOTA: 10,
    RuleKind.NOT_IN_LAST_MONTHS: 6,
    RuleKind.MIN_WEEKS_BETWEEN: 4,
}


# Sessions for new members belong to the start of the term: an activity for new members without its own
# "within N weeks after the installation" rule gets this one, for every session.
NEWCOMER_WEEKS = 26


class MilestoneKind(models.TextChoices):
    KADERNOTA = "kadernota", gettext_lazy("kadernota (framework memorandum)")
    JAARSTUKKEN = "jaarstukken", gettext_lazy("annual accounts (jaarstukken)")
    BEGROTING = "begroting", gettext_lazy("budget council (begrotingsraad)")


@dataclass(frozen=True)
class TermFacts:
    installation: dt.date
    end: dt.date
    election: dt.date
    next_election: dt.date
    milestones: dict[str, list[dt.date]] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSpec:
    ident: str
    kind: str
    number: int | None


def with_newcomer_rule(rules: list[RuleSpec], *, for_new_members: bool, ident: str) -> list[RuleSpec]:
    """The rules the scheduler applies: an activity for new members always has a "within N weeks after the
    installation" rule (its own, or NEWCOMER_WEEKS)."""
    if not for_new_members or any(r.kind == RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION for r in rules):
        return rules
    return [*rules, RuleSpec(ident, RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION, NEWCOMER_WEEKS)]


def rule_sentence(kind: str, number: int | None) -> str:
    """The rule as a griffier would say it, with its number filled in: "within 10 weeks after the
    installation". Starts in lower case, to follow "All sessions" or to be joined with others."""
    n = number or RULE_DEFAULT_NUMBER.get(RuleKind(kind), 0)
    match RuleKind(kind):
        case RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION:
            return ngettext(
                "within %(n)d week after the installation", "within %(n)d weeks after the installation", n
            ) % {"n": n}
        case RuleKind.NOT_BEFORE_WEEKS_AFTER_INSTALLATION:
            return ngettext(
                "not earlier than %(n)d week after the installation",
                "not earlier than %(n)d weeks after the installation",
                n,
            ) % {"n": n}
        case RuleKind.BEFORE_FIRST_BEGROTING:
            return _("before the first budget council")
        case RuleKind.YEARLY_BEFORE_KADERNOTA:
            return ngettext(
                "every year one session in the week before the kadernota",
                "every year one session in the %(n)d weeks before the kadernota",
                n,
            ) % {"n": n}
        case RuleKind.EACH_YEAR:
            return _("one session in every year of the term")
        case RuleKind.MIDTERM:
            return _("around the middle of the term (within 3 months)")
        case RuleKind.NOT_IN_LAST_MONTHS:
            return ngettext(
                "not in the last month before the next election",
                "not in the last %(n)d months before the next election",
                n,
            ) % {"n": n}
        case RuleKind.MIN_WEEKS_BETWEEN:
            return ngettext(
                "at least %(n)d week between the sessions", "at least %(n)d weeks between the sessions", n
            ) % {"n": n}
    raise ValueError(kind)


def day_text(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


class RuleProblem(ValueError):
    """A rule that cannot be applied to this term (for example no kadernota date)."""


def apply_rule(activity: ActivitySpec, rule: RuleSpec, facts: TermFacts) -> None:
    """Add the rule's windows (or spacing) to the activity's sessions."""
    n = rule.number or RULE_DEFAULT_NUMBER.get(RuleKind(rule.kind), 0)
    group = f"rule:{rule.ident}"
    title = activity.title

    def every(window: Window) -> None:
        for index in range(activity.sessions):
            activity.windows[index].append(window)

    if rule.kind == RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION:
        phrase = ngettext(
            "within %(weeks)d week after the installation on %(date)s",
            "within %(weeks)d weeks after the installation on %(date)s",
            n,
        ) % {"weeks": n, "date": day_text(facts.installation)}
        end = facts.installation + dt.timedelta(weeks=n) - dt.timedelta(days=1)
        every(Window(group, facts.installation, end, phrase, f"“{title}”: {phrase}"))
    elif rule.kind == RuleKind.NOT_BEFORE_WEEKS_AFTER_INSTALLATION:
        start = facts.installation + dt.timedelta(weeks=n)
        phrase = _("from %(date)s on") % {"date": day_text(start)}
        rule_words = ngettext(
            "not earlier than %(weeks)d week after the installation",
            "not earlier than %(weeks)d weeks after the installation",
            n,
        ) % {"weeks": n}
        every(Window(group, start, facts.end, phrase, f"“{title}”: {rule_words}"))
    elif rule.kind == RuleKind.BEFORE_FIRST_BEGROTING:
        dates = [d for d in facts.milestones.get(MilestoneKind.BEGROTING, []) if d > facts.installation]
        if not dates:
            raise RuleProblem(
                _(
                    "“%(title)s”: the rule needs the date of a budget council in the term; "
                    "add it under P&C dates."
                )
                % {"title": title}
            )
        phrase = _("before the budget council of %(date)s") % {"date": day_text(dates[0])}
        every(
            Window(group, facts.installation, dates[0] - dt.timedelta(days=1), phrase, f"“{title}”: {phrase}")
        )
    elif rule.kind == RuleKind.YEARLY_BEFORE_KADERNOTA:
        dates = [d for d in facts.milestones.get(MilestoneKind.KADERNOTA, []) if d > facts.installation]
        if not dates:
            raise RuleProblem(
                _("“%(title)s”: the rule needs kadernota dates in the term; add them under P&C dates.")
                % {"title": title}
            )
        if activity.sessions < len(dates):
            raise RuleProblem(
                _(
                    "“%(title)s”: there are %(count)d kadernota dates in the term, "
                    "so the activity needs at least %(count)d sessions."
                )
                % {"title": title, "count": len(dates)}
            )
        for index, day in enumerate(dates):
            phrase = ngettext(
                "in the %(weeks)d week before the kadernota of %(date)s",
                "in the %(weeks)d weeks before the kadernota of %(date)s",
                n,
            ) % {"weeks": n, "date": day_text(day)}
            start = max(facts.installation, day - dt.timedelta(weeks=n))
            activity.windows[index].append(
                Window(f"{group}:{index}", start, day - dt.timedelta(days=1), phrase, f"“{title}”: {phrase}")
            )
    elif rule.kind == RuleKind.EACH_YEAR:
        years = max(1, round((facts.end - facts.installation).days / 365.25))
        if activity.sessions < years:
            raise RuleProblem(
                _(
                    "“%(title)s”: the term has %(count)d years, "
                    "so the activity needs at least %(count)d sessions."
                )
                % {"title": title, "count": years}
            )
        for index in range(years):
            start = _add_months(facts.installation, 12 * index)
            end = _add_months(facts.installation, 12 * (index + 1)) - dt.timedelta(days=1)
            phrase = _("in year %(year)d of the term (%(start)s to %(end)s)") % {
                "year": index + 1,
                "start": day_text(start),
                "end": day_text(end),
            }
            activity.windows[index].append(
                Window(f"{group}:{index}", start, end, phrase, f"“{title}”: {phrase}")
            )
    elif rule.kind == RuleKind.MIDTERM:
        middle = facts.installation + (facts.end - facts.installation) / 2
        start, end = middle - dt.timedelta(days=91), middle + dt.timedelta(days=91)
        phrase = _("around the middle of the term (%(start)s to %(end)s)") % {
            "start": day_text(start),
            "end": day_text(end),
        }
        every(Window(group, start, end, phrase, f"“{title}”: {phrase}"))
    elif rule.kind == RuleKind.NOT_IN_LAST_MONTHS:
        end = _add_months(facts.next_election, -n) - dt.timedelta(days=1)
        phrase = ngettext(
            "before %(date)s (not in the last %(months)d month before the election of %(election)s)",
            "before %(date)s (not in the last %(months)d months before the election of %(election)s)",
            n,
        ) % {
            "date": day_text(end + dt.timedelta(days=1)),
            "months": n,
            "election": day_text(facts.next_election),
        }
        every(Window(group, facts.installation, end, phrase, f"“{title}”: {phrase}"))
    elif rule.kind == RuleKind.MIN_WEEKS_BETWEEN:
        activity.gap_days = max(activity.gap_days, 7 * n)
        activity.gap_rule = f"“{title}”: " + ngettext(
            "at least %(weeks)d week between sessions", "at least %(weeks)d weeks between sessions", n
        ) % {"weeks": n}


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date
    end: dt.date  # inclusive


@dataclass(frozen=True)
class Busy:
    """A meeting or other appointment that blocks the dayparts it overlaps (with travel time)."""

    start: dt.datetime  # local time, naive
    end: dt.datetime


TRAVEL = dt.timedelta(minutes=30)


def blocked_time(
    facts: TermFacts,
    *,
    meetings: list[Busy],
    periods: list[Period],
    school_region: str,
    pc_peak_days: int = 7,
) -> tuple[dict[tuple[dt.date, str], str], dict[dt.date, str]]:
    """Blocked dayparts and whole days of the term, each with the reason a griffier would give."""
    blocked: dict[tuple[dt.date, str], str] = {}
    days: dict[dt.date, str] = {}
    for meeting in meetings:
        day = meeting.start.date()
        for daypart in timeframes.DAYPARTS:
            start = dt.datetime.combine(day, daypart.start)
            end = dt.datetime.combine(day, daypart.end)
            if meeting.start - TRAVEL < end and meeting.end + TRAVEL > start:
                blocked[(day, daypart.code)] = MEETING_REASON
    for period in periods:
        for offset in range((period.end - period.start).days + 1):
            days.setdefault(period.start + dt.timedelta(days=offset), period.name)
    if school_region:
        for holiday in timeframes.school_holidays_for(school_region, facts.installation, facts.end):
            for offset in range((holiday.end - holiday.start).days + 1):
                days.setdefault(holiday.start + dt.timedelta(days=offset), holiday.name)
    for year in range(facts.installation.year, facts.end.year + 1):
        for day, name in timeframes.public_holidays(year).items():
            days.setdefault(day, name)
    for kind, dates in facts.milestones.items():
        label = _("P&C peak (%(kind)s)") % {"kind": kind}
        for milestone in dates:
            for offset in range(pc_peak_days + 1):
                days.setdefault(milestone - dt.timedelta(days=offset), label)
    days[facts.installation] = _("installation")
    days.setdefault(facts.election, _("election"))
    days.setdefault(facts.next_election, _("election"))
    return blocked, days


def make_problem(
    facts: TermFacts,
    *,
    activities: list[tuple[ActivitySpec, list[RuleSpec]]],
    blocked: dict[tuple[dt.date, str], str],
    blocked_days: dict[dt.date, str],
    max_per_month: int | None,
) -> tuple[Problem, list[str]]:
    """The scheduler's problem for a term; rules that cannot apply come back as explanations."""
    problems: list[str] = []
    specs = []
    for activity, rules in activities:
        activity.windows = [[] for _i in range(activity.sessions)]
        for rule in rules:
            try:
                apply_rule(activity, rule, facts)
            except RuleProblem as exc:
                problems.append(str(exc))
        specs.append(activity)
    # Sessions start the day after the installation and end before the next raad is installed.
    problem = Problem(
        first_day=facts.installation + dt.timedelta(days=1),
        last_day=facts.end - dt.timedelta(days=1),
        blocked=blocked,
        blocked_days=blocked_days,
        activities=specs,
        max_per_month=max_per_month,
    )
    return problem, problems
