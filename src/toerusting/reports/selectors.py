"""The griffie's reports and the national monitor, built from other apps' selectors. Every report is a
`toerusting.charts.Report` (chart, table, one-sentence summary) whose cells about persons are shown only from
K_PERSONS persons on (K_MONITOR in the monitor, across organisations); otherwise the cell says "too few".
Each report costs a fixed number of queries, whatever the size of the organisation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting import hooks
from toerusting.budgets import selectors as budget_selectors
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.charts import Report, bars, number, too_few
from toerusting.citizens import selectors as citizen_selectors
from toerusting.learning import selectors as learning_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import selectors as planner_selectors
from toerusting.reflections import selectors as reflection_selectors
from toerusting.reports.models import MonitorOptIn

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.planner.models import TermPlan

# Cells about persons in an organisation's reports: shown from this many persons on.
K_PERSONS = 5
# Cells of the national monitor: shown from this many persons (or answers) on.
K_MONITOR = 10
# ... and only when they come from at least this many organisations, so that no cell is one organisation's
# figure ("never per organisation"). Reports of one organisation need no such rule.
MONITOR_MIN_ORGANISATIONS = 2
MIN_ORGANISATIONS_PER_CELL = {K_PERSONS: 1, K_MONITOR: MONITOR_MIN_ORGANISATIONS}


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole) if whole else None


@dataclass
class _Group:
    label: str
    people: set[int]
    organisations: int = 1  # how many organisations the people come from (the monitor needs several)


def _suppressed(
    groups: list[_Group], took_part: set[int], k: int, complementary: bool
) -> tuple[set[int], set[int]]:
    """Which groups show no size, and which show no number that took part. A group below k is hidden. With
    `complementary` (for groups whose total another report shows: the fracties and "new or re-elected" add
    up to rows of the report per role), so many more are hidden, the smallest first, that the hidden ones
    together count at least k: no hidden figure can be worked out by subtracting the shown ones from that
    total."""
    sizes = [len(group.people) for group in groups]
    joined = [len(group.people & took_part) for group in groups]
    hide_size = {
        i
        for i, group in enumerate(groups)
        if sizes[i] < k or group.organisations < MIN_ORGANISATIONS_PER_CELL[k]
    }

    def complete(hidden: set[int], counts: list[int]) -> set[int]:
        while complementary and hidden and sum(counts[i] for i in hidden) < k and len(hidden) < len(groups):
            hidden.add(min((i for i in range(len(groups)) if i not in hidden), key=lambda i: counts[i]))
        return hidden

    hide_size = complete(hide_size, sizes)
    hide_joined = complete(hide_size | {i for i in range(len(groups)) if joined[i] < k}, joined)
    return hide_size, hide_joined


def _participation(
    key: str, title: str, groups: list[_Group], took_part: set[int], k: int, *, complementary: bool = False
) -> Report:
    """Members per group and how many took part in learning; a group below k shows nothing at all, and a
    count of participants below k is "too few"."""
    rows: list[list[str]] = []
    values: list[tuple[str, float | None, str]] = []
    hide_size, hide_joined = _suppressed(groups, took_part, k, complementary)
    for index, group in enumerate(groups):
        size = len(group.people)
        joined = len(group.people & took_part)
        if index in hide_size:
            rows.append([group.label, too_few(), too_few(), too_few()])
            values.append((group.label, None, too_few()))
            continue
        if index in hide_joined:
            rows.append([group.label, number(size), too_few(), too_few()])
            values.append((group.label, None, too_few()))
            continue
        share = _share(joined, size)
        rows.append([group.label, number(size), number(joined), f"{number(share)}%"])
        values.append((group.label, share, f"{number(share)}%"))
    shown = [(label, value) for label, value, _text in values if value is not None]
    if shown:
        best = max(shown, key=lambda pair: pair[1] or 0)
        summary = _("The largest share that took part in learning: %(group)s, %(share)s%%.") % {
            "group": best[0],
            "share": number(best[1]),
        }
    else:
        summary = _("No group is large enough to show how many took part (at least %(k)s persons).") % {
            "k": k
        }
    return Report(
        key=key,
        title=title,
        summary=summary,
        columns=[_("Group"), _("Members"), _("Took part"), _("Share that took part")],
        rows=rows,
        bars=bars(values, 100),
        empty=_("There are no members to count."),
    )


@dataclass(frozen=True)
class OrganisationReports:
    organisation: Organisation
    year: int
    reports: list[Report]

    def get(self, key: str) -> Report | None:
        return next((report for report in self.reports if report.key == key), None)


def _plan(organisation: Organisation) -> TermPlan | None:
    return planner_selectors.plan_for(organisation)


def participation_reports(organisation: Organisation, plan: TermPlan | None) -> list[Report]:
    """Participation in learning (present at a session of the term plan, or completed a catalogue item in
    the term) per role, fractie and new versus re-elected members; four queries."""
    today = dt.date.today()
    took_part = planner_selectors.attendee_person_ids(plan) if plan is not None else set()
    all_functies = list(organisation_selectors.functies_of_organisation(organisation))
    current = [
        f for f in all_functies if f.start_date <= today and (f.end_date is None or f.end_date > today)
    ]
    # A member who completed an item of the catalogue (a micro-module, an e-learning) in this term took
    # part too.
    person_of_user = {f.person.user_id: f.person_id for f in current if f.person.user_id is not None}
    since = plan.term.installation_date if plan is not None else None
    completed = learning_selectors.users_who_completed(set(person_of_user), since)
    took_part |= {person_of_user[user_id] for user_id in completed}
    labels = dict(organisation_selectors.role_choices())
    by_role: dict[str, _Group] = {}
    by_fractie: dict[str, _Group] = {}
    for functie in current:
        by_role.setdefault(
            functie.role, _Group(str(labels.get(functie.role, functie.role)), set())
        ).people.add(functie.person_id)
        if functie.fractie is not None:
            by_fractie.setdefault(functie.fractie.name, _Group(functie.fractie.name, set())).people.add(
                functie.person_id
            )
    elected = organisation_selectors.elected_roles()
    installation = plan.term.installation_date if plan is not None else None
    first_start: dict[int, dt.date] = {}
    sitting: set[int] = set()
    for functie in all_functies:
        if functie.role in elected:
            first_start[functie.person_id] = min(
                first_start.get(functie.person_id, functie.start_date), functie.start_date
            )
    for functie in current:
        if functie.role in elected:
            sitting.add(functie.person_id)
    new = _Group(_("New in this term"), set())
    again = _Group(_("Re-elected"), set())
    for person_id in sitting:
        if installation is None or first_start[person_id] >= installation:
            new.people.add(person_id)
        else:
            again.people.add(person_id)
    return [
        _participation(
            "deelname-rol",
            _("Participation in learning per role"),
            sorted(by_role.values(), key=lambda g: g.label),
            took_part,
            K_PERSONS,
        ),
        _participation(
            "deelname-fractie",
            _("Participation in learning per fractie"),
            sorted(by_fractie.values(), key=lambda g: g.label),
            took_part,
            K_PERSONS,
            complementary=True,
        ),
        _participation(
            "deelname-nieuw",
            _("Participation in learning: new and re-elected members"),
            [new, again],
            took_part,
            K_PERSONS,
            complementary=True,
        ),
    ]


def onboarding_report(plan: TermPlan | None) -> Report:
    rows: list[list[str]] = []
    values: list[tuple[str, float | None, str]] = []
    for programme in planner_selectors.onboarding_completion(plan) if plan is not None else []:
        started = number(programme.started) if programme.started >= K_PERSONS else too_few()
        finished = number(programme.finished) if programme.finished >= K_PERSONS else too_few()
        share = (
            _share(programme.finished, programme.started)
            if programme.started >= K_PERSONS and programme.finished >= K_PERSONS
            else None
        )
        rows.append([programme.title, number(programme.steps), started, finished])
        values.append((programme.title, share, f"{number(share)}%" if share is not None else too_few()))
    done = [v for v in values if v[1] is not None]
    summary = (
        _("In %(count)s of %(total)s onboarding programmes enough members finished every step to show it.")
        % {"count": len(done), "total": len(values)}
        if values
        else _("The term plan has no onboarding programme.")
    )
    return Report(
        key="inwerken",
        title=_("Completion of onboarding"),
        summary=summary,
        columns=[_("Programme"), _("Steps"), _("Members who started"), _("Members who finished")],
        rows=rows,
        bars=bars(values, 100),
        empty=_("The term plan has no onboarding programme."),
    )


def evaluation_report(plan: TermPlan | None) -> Report:
    found = planner_selectors.session_evaluations(plan) if plan is not None else []
    rows = []
    values: list[tuple[str, float | None, str]] = []
    for evaluation in found:
        label = f"{evaluation.title}, {timezone.localtime(evaluation.starts_at):%d-%m-%Y}"
        shown = evaluation.average is not None
        rows.append(
            [
                label,
                number(evaluation.count) if evaluation.count >= K_PERSONS else too_few(),
                number(evaluation.average, 1) if shown else too_few(),
            ]
        )
        values.append((label, evaluation.average, number(evaluation.average, 1) if shown else too_few()))
    averages = [v for _l, v, _t in values if v is not None]
    summary = (
        _("%(count)s sessions have enough evaluations to show; their average score is %(average)s out of 5.")
        % {"count": len(averages), "average": number(sum(averages) / len(averages), 1)}
        if averages
        else _("No session has enough evaluations yet (at least %(k)s).") % {"k": K_PERSONS}
    )
    return Report(
        key="evaluaties",
        title=_("Evaluations of sessions"),
        summary=summary,
        columns=[_("Session"), _("Evaluations"), _("Average (1 to 5)")],
        rows=rows,
        bars=bars(values, 5),
        empty=_("No session of the term plan has been evaluated yet."),
    )


def pulse_report(organisation: Organisation) -> Report:
    trend = reflection_selectors.pulse_trend(organisation)
    rows = []
    values: list[tuple[str, float | None, str]] = []
    for result in trend.results:
        scores = [float(score.average) for score in result.scores if score.average is not None]
        average = round(sum(scores) / len(scores), 1) if scores else None
        label = f"{result.meeting_name}, {timezone.localtime(result.meeting_start):%d-%m-%Y}"
        rows.append([label, number(result.responses), number(average, 1)])
        values.append((label, average, number(average, 1)))
    shown = [v for _l, v, _t in values if v is not None]
    summary = (
        _("Over %(count)s meetings the members' pulse averaged %(average)s out of 5; the last one %(last)s.")
        % {"count": len(shown), "average": number(sum(shown) / len(shown), 1), "last": number(shown[-1], 1)}
        if shown
        else _("No meeting has a pulse with enough answers yet.")
    )
    return Report(
        key="terugblik",
        title=_("The pulse after meetings"),
        summary=summary,
        columns=[_("Meeting"), _("Answers"), _("Average of the statements (1 to 5)")],
        rows=rows,
        bars=bars(values, 5),
        empty=_("No meeting has a pulse with enough answers yet."),
    )


def budget_report(organisation: Organisation, year: int) -> Report:
    overview = budget_selectors.use_by_role(
        organisation, budget_selectors.ledgers_for_griffie(organisation, year)
    )
    rows = [
        [
            group.label,
            number(group.members),
            number(group.budget, 2),
            number(group.used, 2),
            f"{group.used_percent}%",
        ]
        for group in overview.groups
    ]
    values: list[tuple[str, float | None, str]] = [
        (group.label, group.used_percent, f"{group.used_percent}%") for group in overview.groups
    ]
    total = overview.total
    summary = (
        _("In %(year)s, %(percent)s%% of the training budget is used (approved or paid).")
        % {"year": year, "percent": total.used_percent}
        if total is not None
        else _("The groups are too small to show the use of the training budget.")
    )
    return Report(
        key="opleidingsbudget",
        title=_("Use of the training budget per role, %(year)s") % {"year": year},
        summary=summary,
        columns=[_("Role"), _("Members"), _("Budget (€)"), _("Used (€)"), _("Used")],
        rows=rows,
        bars=bars(values, 100),
        empty=_("No role has at least %(k)s members with a budget this year.") % {"k": K_PERSONS},
    )


def plan_report(plan: TermPlan | None) -> Report:
    if plan is None:
        return Report(
            key="raadsperiodeplan",
            title=_("Progress of the term plan"),
            summary=_("There is no term plan yet."),
            columns=[],
            rows=[],
            empty=_("There is no term plan yet."),
        )
    progress = planner_selectors.plan_progress(plan)
    unscheduled = max(0, progress.sessions_wanted - progress.sessions_held - progress.sessions_upcoming)
    items = [
        (_("Held"), progress.sessions_held),
        (_("Planned, still to come"), progress.sessions_upcoming),
        (_("Not yet scheduled"), unscheduled),
    ]
    wanted = max(progress.sessions_wanted, progress.sessions_held + progress.sessions_upcoming)
    return Report(
        key="raadsperiodeplan",
        title=_("Progress of the term plan"),
        summary=_("%(held)s of the %(wanted)s sessions of %(activities)s activities have been held.")
        % {"held": progress.sessions_held, "wanted": wanted, "activities": progress.activities},
        columns=[_("Sessions"), _("Number")],
        rows=[[str(label), number(count)] for label, count in items],
        bars=bars([(str(label), count, number(count)) for label, count in items], wanted or 1),
        empty=_("The term plan has no activities yet."),
    )


def reports_for(organisation: Organisation, year: int | None = None) -> OrganisationReports:
    """Every report of the organisation (for a view that required Capability.VIEW_REPORTS)."""
    year = year or budget_selectors.current_year()
    plan = _plan(organisation)
    reports = [
        *participation_reports(organisation, plan),
        onboarding_report(plan),
        evaluation_report(plan),
        pulse_report(organisation),
        budget_report(organisation, year),
        plan_report(plan),
    ]
    return OrganisationReports(organisation, year, reports)


REPORT_KEYS = (
    "deelname-rol",
    "deelname-fractie",
    "deelname-nieuw",
    "inwerken",
    "evaluaties",
    "terugblik",
    "opleidingsbudget",
    "raadsperiodeplan",
)


def opt_in_of(organisation: Organisation) -> MonitorOptIn | None:
    return MonitorOptIn.objects.filter(organisation=organisation).first()


# --- The national monitor -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Monitor:
    organisations: int
    reports: list[Report]

    def get(self, key: str) -> Report | None:
        return next((report for report in self.reports if report.key == key), None)


MONITOR_KEYS = ("rollen", "onderwerpen", "evaluaties", "goede-voorbeelden", "inwoners")


def _practice_report() -> Report:
    """How good practices spread, from the hook "monitor_practice_spread" (rows of practice and the number
    of organisations that adopted it, from the practices app); "no data yet" while nothing was adopted."""
    rows: list[tuple[str, int]] = []
    for answer in hooks.collect("monitor_practice_spread"):
        rows.extend((str(title), int(count)) for title, count in answer)
    return Report(
        key="goede-voorbeelden",
        title=_("How good practices spread"),
        summary=(
            _("%(count)s good practices were adopted by other councils.") % {"count": len(rows)}
            if rows
            else _("No data yet: no council has adopted another council's good practice yet.")
        ),
        columns=[_("Good practice"), _("Adopted by organisations")],
        rows=[[title, number(count)] for title, count in rows],
        bars=bars(
            [(title, count, number(count)) for title, count in rows], max((c for _t, c in rows), default=1)
        ),
        empty=_("No data yet."),
    )


def monitor() -> Monitor:
    """Aggregates over the organisations that take part; never per person or per organisation, every cell
    from K_MONITOR on. Seven queries whatever the number of organisations and members."""
    ids = list(MonitorOptIn.objects.filter(takes_part=True).values_list("organisation_id", flat=True))
    functies = organisation_selectors.current_functies_in(ids)
    took_part = planner_selectors.attendee_person_ids_in(ids)
    labels = dict(organisation_selectors.role_choices())
    by_role: dict[str, set[int]] = defaultdict(set)
    role_organisations: dict[str, set[int]] = defaultdict(set)
    for person_id, role, organisation_id in functies:
        by_role[role].add(person_id)
        role_organisations[role].add(organisation_id)
    roles = _participation(
        "rollen",
        _("Participation in learning per role"),
        [
            _Group(str(labels.get(role, role)), people, len(role_organisations[role]))
            for role, people in sorted(by_role.items())
        ],
        took_part,
        K_MONITOR,
    )
    topic_labels = catalogue_selectors.topic_labels()
    topics = sorted(
        planner_selectors.attendance_by_topic_in(ids).items(), key=lambda pair: (-len(pair[1]), pair[0])
    )
    topic_values = []
    for code, present in topics:
        count = len({person for person, _organisation in present})
        enough = count >= K_MONITOR and len({o for _p, o in present}) >= MONITOR_MIN_ORGANISATIONS
        topic_values.append(
            (
                topic_labels.get(code, code),
                float(count) if enough else None,
                number(count) if enough else too_few(),
            )
        )
    shown_topics = [v for v in topic_values if v[1] is not None]
    topic_report = Report(
        key="onderwerpen",
        title=_("What is learned: members present per topic"),
        summary=(
            _("The topic most learned about: %(topic)s.") % {"topic": shown_topics[0][0]}
            if shown_topics
            else _("No topic has at least %(k)s members yet.") % {"k": K_MONITOR}
        ),
        columns=[_("Topic"), _("Members present")],
        rows=[[label, text] for label, _v, text in topic_values],
        bars=bars(topic_values, max((v or 0 for _l, v, _t in topic_values), default=1) or 1),
        empty=_("No sessions with attendance yet."),
    )
    kinds = {str(value): str(label) for value, label in organisation_selectors.organisation_kinds()}
    kind_of = dict(organisation_selectors.kinds_of(ids))
    scores: dict[str, list[int]] = defaultdict(list)
    kind_organisations: dict[str, int] = defaultdict(int)
    for organisation_id, found in planner_selectors.evaluation_scores_in(ids).items():
        scores[kind_of.get(organisation_id, "")].extend(found)
        kind_organisations[kind_of.get(organisation_id, "")] += 1
    evaluation_values: list[tuple[str, float | None, str]] = []
    evaluation_rows = []
    for kind, label in kinds.items():
        found = scores.get(kind, [])
        if not found:
            continue
        enough = len(found) >= K_MONITOR and kind_organisations[kind] >= MONITOR_MIN_ORGANISATIONS
        average = round(sum(found) / len(found), 1) if enough else None
        evaluation_rows.append(
            [label, number(len(found)) if enough else too_few(), number(average, 1) if average else too_few()]
        )
        evaluation_values.append((label, average, number(average, 1) if average else too_few()))
    shown_evaluations = [v for _l, v, _t in evaluation_values if v is not None]
    evaluations = Report(
        key="evaluaties",
        title=_("What works: evaluations of sessions per kind of organisation"),
        summary=(
            _("Sessions are scored %(average)s out of 5 on average where enough evaluations exist.")
            % {"average": number(sum(shown_evaluations) / len(shown_evaluations), 1)}
            if shown_evaluations
            else _("No kind of organisation has at least %(k)s evaluations yet.") % {"k": K_MONITOR}
        ),
        columns=[_("Kind of organisation"), _("Evaluations"), _("Average (1 to 5)")],
        rows=evaluation_rows,
        bars=bars(evaluation_values, 5),
        empty=_("No evaluations yet."),
    )
    totals = citizen_selectors.response_totals(ids)
    residents_shown = totals.responses >= K_MONITOR and totals.organisations >= MONITOR_MIN_ORGANISATIONS
    residents = Report(
        key="inwoners",
        title=_("Residents' feedback"),
        summary=_(
            "%(responses)s residents responded in quarters with enough responses, in %(count)s organisations."
        )
        % {"responses": totals.responses, "count": totals.organisations}
        if residents_shown
        else _("Too few residents responded to show."),
        columns=[_("Figure"), _("Number")],
        rows=[[_("Responses of residents"), number(totals.responses) if residents_shown else too_few()]]
        if totals.responses
        else [],
        empty=_("No data yet."),
    )
    return Monitor(len(ids), [roles, topic_report, evaluations, _practice_report(), residents])


def csv_rows(report: Report) -> list[list[str]]:
    """The CSV of a report: its header and exactly the cells the page shows (so "too few" stays too few)."""
    return [report.columns, *report.rows]
