"""toerusting.bulk writes plain rows as the ORM would have: JSON, booleans, times and keys read back equal,
on SQLite and on PostgreSQL (COPY), and a failure inside the caller's transaction leaves nothing behind."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.agenda.factories import AgendaItemFactory, MeetingFactory
from tests.factories import OrganisationFactory
from toerusting.agenda.models import AgendaItem
from toerusting.bulk import insert_rows
from toerusting.recommendations.models import AgendaItemAnalysis
from toerusting.recommendations.services import ANALYSIS_FIELDS

pytestmark = pytest.mark.django_db
FIELDS = ANALYSIS_FIELDS  # the columns the sync writes


def _items(count: int) -> list[AgendaItem]:
    meeting = MeetingFactory(organisation=OrganisationFactory())
    return [AgendaItemFactory(meeting=meeting, position=n) for n in range(count)]


def test_rows_read_back_as_the_orm_writes_them() -> None:
    first, second = _items(2)
    now = timezone.now().replace(microsecond=0)
    written = insert_rows(
        AgendaItemAnalysis,
        FIELDS,
        [
            (first.pk, True, [], "", 0.0, {"lines": ["Procedureel agendapunt: de opening."]}, now),
            (
                second.pk,
                False,
                [{"code": "belastingen", "score": 0.91}],
                "verordening",
                0.87,
                {"lines": ["Onderwerp belastingen (0.91): 'rioolheffing' — \"tarief\""]},
                now,
            ),
        ],
    )
    assert written == 2
    stored = {a.agenda_item_id: a for a in AgendaItemAnalysis.objects.all()}
    assert stored[first.pk].procedural is True
    assert stored[first.pk].topics == []
    assert stored[second.pk].procedural is False
    assert stored[second.pk].topics == [{"code": "belastingen", "score": 0.91}]
    assert stored[second.pk].instrument == "verordening"
    assert stored[second.pk].instrument_score == pytest.approx(0.87)
    assert stored[second.pk].explanation["lines"][0].endswith('— "tarief"')
    assert stored[second.pk].analysed_at == now


def test_nothing_to_write_runs_no_query(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert insert_rows(AgendaItemAnalysis, ("agenda_item",), []) == 0


def test_a_failing_row_leaves_nothing_written() -> None:
    (item,) = _items(1)
    now = timezone.now()
    row = (item.pk, False, [], "", 0.0, {}, now)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(AgendaItemAnalysis, FIELDS, [row, row])  # one analysis per item: the second fails
    assert not AgendaItemAnalysis.objects.exists()


def test_a_row_of_the_wrong_length_is_refused_before_writing() -> None:
    (item,) = _items(1)
    with pytest.raises(ValueError, match="zip"):
        insert_rows(AgendaItemAnalysis, ("agenda_item", "procedural"), [(item.pk,)])
    assert not AgendaItemAnalysis.objects.exists()
