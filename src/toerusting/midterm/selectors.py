"""Reads of the mid-term reflection. Figures only as aggregates of at least MIN_RESPONSES answers per
question; per role group only when every role group that answered the question reaches that number (so no
group's figures can be worked out by subtracting one group from the total)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.http import Http404

from toerusting.midterm.models import MidtermMarker, MidtermReflection, MidtermResponse, RoleGroup
from toerusting.midterm.questions import Question, questions
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import GRIFFIE_ROLES, MEMBER_ROLES
from toerusting.planner import selectors as planner_selectors
from toerusting.reflections import selectors as reflection_selectors
from toerusting.reflections import services as reflection_services

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser
    from toerusting.planner.models import Activity, PlannedSession

MIN_RESPONSES = 5
ROW_HEIGHT = 30
COLLEGE_ROLES = frozenset(
    {"wethouder", "burgemeester", "gedeputeerde", "commissaris_van_de_koning", "db_lid", "dijkgraaf"}
)


def reflections_of(organisation: Organisation) -> QuerySet[MidtermReflection]:
    return MidtermReflection.objects.filter(organisation=organisation).annotate(
        answer_count=Count("responses")
    )


def get_reflection_for_user(user: AnyUser, organisation: Organisation, midterm_id: int) -> MidtermReflection:
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    try:
        return reflections_of(organisation).get(pk=midterm_id)
    except MidtermReflection.DoesNotExist as exc:
        raise Http404 from exc


def role_group_of(user: AnyUser, reflection: MidtermReflection, roles: set[str] | None = None) -> str | None:
    """The role group the user answers in: council member first; the college and the griffie only when the
    reflection includes them. None when the user may not answer."""
    if not user.is_authenticated:
        return None
    if roles is None:
        roles = organisation_selectors.roles_for_user(user, reflection.organisation)
    if roles & MEMBER_ROLES:
        return RoleGroup.RAAD
    if reflection.include_college and roles & COLLEGE_ROLES:
        return RoleGroup.COLLEGE
    if reflection.include_griffie and roles & GRIFFIE_ROLES:
        return RoleGroup.GRIFFIE
    return None


def has_answered(user: AnyUser, reflection: MidtermReflection) -> bool:
    if not user.is_authenticated:
        return False
    marker = reflection_services.answer_marker(
        "midterm", organisation_selectors.user_id_of(user), reflection.pk
    )
    return MidtermMarker.objects.filter(marker=marker).exists()


def activities_for_choice(organisation: Organisation) -> list[Activity]:
    return planner_selectors.activities_of(organisation)


def discussion(reflection: MidtermReflection) -> tuple[Activity | None, list[PlannedSession]]:
    """The term plan's activity in which the council discusses the report, with its published sessions."""
    return planner_selectors.activity_with_sessions(reflection.organisation, reflection.activity_id)


def _mean(total: int, count: int) -> Decimal:
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class GroupFigure:
    group: str
    label: str
    count: int
    mean: Decimal


@dataclass
class QuestionRow:
    question: Question
    count: int
    mean: Decimal | None  # None: fewer than MIN_RESPONSES answers, nothing is shown
    distribution: list[int] = field(default_factory=list)  # answers with 1..5, only when shown
    groups: list[GroupFigure] = field(default_factory=list)
    y: int = 0  # the row's top in its theme's chart

    @property
    def text_y(self) -> int:
        return self.y + 17

    @property
    def shown(self) -> bool:
        return self.mean is not None

    @property
    def bar(self) -> int:
        """The bar's length in the chart (0-300 for a mean of 0-5)."""
        return int((self.mean or 0) * 60)


@dataclass
class ThemeBlock:
    key: str
    name: str
    rows: list[QuestionRow]

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.rows)


@dataclass
class Report:
    reflection: MidtermReflection
    respondents: int
    themes: list[ThemeBlock]
    split: bool  # role groups shown separately somewhere
    highest: list[QuestionRow]
    lowest: list[QuestionRow]

    @property
    def shown_rows(self) -> list[QuestionRow]:
        return [row for theme in self.themes for row in theme.rows if row.shown]


def report(reflection: MidtermReflection) -> Report:
    """The aggregated answers, per theme and question, in one query. Nothing about a question is shown with
    fewer than MIN_RESPONSES answers; per role group only when every answering group reaches that number."""
    responses = list(
        MidtermResponse.objects.filter(reflection=reflection).values_list("role_group", "scores")
    )
    labels = dict(RoleGroup.choices)
    names = reflection_selectors.theme_names()
    blocks: dict[str, ThemeBlock] = {}
    split = False
    for question in questions():
        values = [(group, scores[question.key]) for group, scores in responses if question.key in scores]
        count = len(values)
        row = QuestionRow(question, count, None)
        if count >= MIN_RESPONSES:
            row.mean = _mean(sum(v for _g, v in values), count)
            row.distribution = [sum(1 for _g, v in values if v == score) for score in range(1, 6)]
            by_group: dict[str, list[int]] = {}
            for group, value in values:
                by_group.setdefault(group, []).append(value)
            if len(by_group) > 1 and all(len(v) >= MIN_RESPONSES for v in by_group.values()):
                split = True
                row.groups = [
                    GroupFigure(group, str(labels[group]), len(v), _mean(sum(v), len(v)))
                    for group, v in sorted(by_group.items())
                ]
        block = blocks.setdefault(
            question.theme, ThemeBlock(question.theme, names.get(question.theme, question.theme), [])
        )
        row.y = ROW_HEIGHT * len(block.rows)
        block.rows.append(row)
    shown = [row for block in blocks.values() for row in block.rows if row.shown]
    ordered = sorted(shown, key=lambda r: (r.mean or 0, r.question.key))
    return Report(
        reflection,
        len(responses),
        list(blocks.values()),
        split,
        highest=list(reversed(ordered[-3:])) if shown else [],
        lowest=ordered[:3],
    )
