"""Forms of the catalogue: a griffie's own item, its sessions, word of mouth."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toerusting.catalogue import taxonomy
from toerusting.catalogue.services import OwnItemData
from toerusting.forms import StyledForm

OWN_KINDS = tuple(term for term in taxonomy.KINDS if term.code != "micro_module")


def _labelled(terms: tuple[taxonomy.Term, ...]) -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in terms]


class OwnItemForm(StyledForm):
    """What a griffie fills in for its own offer; micro-modules are written as content files."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, help_text=_("One sentence: what a member gains from it.")
    )
    kind = forms.ChoiceField(label=_("Kind"))
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=40,
        help_text=_("A few short paragraphs. You may use Markdown: **bold**, lists with a dash."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), widget=forms.CheckboxSelectMultiple, help_text=_("Choose one to four.")
    )
    instruments = forms.MultipleChoiceField(
        label=_("Council instruments"), widget=forms.CheckboxSelectMultiple, required=False
    )
    competencies = forms.MultipleChoiceField(
        label=_("Competencies"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Which skills it trains, if you know. At most four."),
    )
    audience = forms.MultipleChoiceField(label=_("For whom"), widget=forms.CheckboxSelectMultiple)
    rubric = forms.ChoiceField(label=_("Rubric"), widget=forms.RadioSelect)
    level = forms.ChoiceField(label=_("Level"), widget=forms.RadioSelect)
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=1, max_value=2880)
    format = forms.ChoiceField(label=_("Format"), widget=forms.RadioSelect)
    non_partisan = forms.BooleanField(
        label=_("Non-partisan (the municipality may pay for it)"), required=False, initial=True
    )
    cost_eur = forms.DecimalField(
        label=_("Cost per person in euros"), min_value=Decimal(0), max_digits=8, decimal_places=2, initial=0
    )
    url = forms.URLField(label=_("Web address (optional)"), required=False, assume_scheme="https")

    # The form in parts, each a fieldset with a legend: first what the item is, then what it is about (the
    # long taxonomy lists, folded), then for whom and how it is given.
    GROUPS: tuple[tuple[Any, tuple[str, ...]], ...] = (
        (_("What it is"), ("title", "summary", "kind", "description")),
        (_("What it is about"), ("topics", "competencies", "instruments")),
        (_("For whom and how"), ("audience", "rubric", "level", "format", "duration_minutes")),
        (_("Costs and web address"), ("non_partisan", "cost_eur", "url")),
    )

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_fields: dict[str, tuple[taxonomy.Term, ...]] = {
            "kind": OWN_KINDS,
            "topics": taxonomy.TOPICS,
            "instruments": taxonomy.INSTRUMENTS,
            "competencies": taxonomy.COMPETENCIES,
            "audience": taxonomy.AUDIENCES,
            "rubric": taxonomy.RUBRICS,
            "level": taxonomy.LEVELS,
            "format": taxonomy.FORMATS,
        }
        for name, terms in choice_fields.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = _labelled(terms)

    def clean_topics(self) -> list[str]:
        topics: list[str] = self.cleaned_data["topics"]
        if len(topics) > 4:
            raise forms.ValidationError(_("Choose at most four topics."))
        return topics

    def clean_competencies(self) -> list[str]:
        competencies: list[str] = self.cleaned_data["competencies"]
        if len(competencies) > 4:
            raise forms.ValidationError(_("Choose at most four competencies."))
        return competencies

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if url and not url.startswith("https://"):
            raise forms.ValidationError(_("Use a secure address that starts with https://."))
        return url

    def to_data(self) -> OwnItemData:
        data = self.cleaned_data
        return OwnItemData(
            title=data["title"],
            summary=data["summary"],
            kind=data["kind"],
            description=data["description"],
            topics=data["topics"],
            instruments=data["instruments"],
            competencies=data["competencies"],
            audience=data["audience"],
            rubric=data["rubric"],
            level=data["level"],
            duration_minutes=data["duration_minutes"],
            format=data["format"],
            non_partisan=data["non_partisan"],
            cost_eur=data["cost_eur"],
            url=data["url"],
        )

    @classmethod
    def initial_for(cls, item: Any) -> dict[str, Any]:
        return {
            "title": item.title,
            "summary": item.summary,
            "kind": item.kind,
            "description": item.body_text,
            "topics": [t.topic_id for t in item.item_topics.all()],
            "instruments": [i.code for i in item.instruments.all()],
            "competencies": [c.code for c in item.competencies.all()],
            "audience": [a.code for a in item.audience.all()],
            "rubric": item.rubric,
            "level": item.level,
            "duration_minutes": item.duration_minutes,
            "format": item.format,
            "non_partisan": item.non_partisan,
            "cost_eur": item.cost_eur,
            "url": item.url,
        }


class SessionForm(StyledForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.CharField(label=_("Place"), max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        starts = dt.datetime.combine(data["date"], data["start_time"], tzinfo=zone)
        ends = dt.datetime.combine(data["date"], data["end_time"], tzinfo=zone)
        return starts, ends


class EndorseForm(StyledForm):
    note = forms.CharField(label=_("Why was it useful? One line"), max_length=200, required=False)
    show_name = forms.BooleanField(label=_("Colleagues in my council may see my name"), required=False)


class SendToColleagueForm(StyledForm):
    recipient = forms.TypedChoiceField(label=_("Colleague"), coerce=int)
    message = forms.CharField(label=_("Message"), max_length=200, required=False)

    def __init__(self, *args: Any, colleagues: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Choose a colleague")), *colleagues]
