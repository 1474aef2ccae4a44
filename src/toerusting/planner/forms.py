"""Forms of the term planner: plain labels a griffier understands, NL Design System classes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm
from toerusting.planner.models import DAYPART_CHOICES, WEEKDAY_CHOICES, Audience, OwnerKind, Region
from toerusting.planner.rules import MilestoneKind, RuleKind


class PlanSettingsForm(StyledForm):
    school_region = forms.ChoiceField(
        label=_("School holiday region"),
        choices=[("", _("do not block school holidays")), *Region.choices],
        required=False,
    )
    max_sessions_per_month = forms.IntegerField(
        label=_("At most this many sessions per month"), min_value=1, max_value=12
    )
    usual_location = forms.CharField(
        label=_("Usual place of sessions"),
        max_length=200,
        required=False,
        help_text=_(
            "For example the town hall. Calendars show it for activities without a place of their own."
        ),
    )


class ActivityForm(StyledForm):
    item = forms.ChoiceField(label=_("Catalogue item"))
    title = forms.CharField(
        label=_("Title in the plan"), max_length=200, required=False, help_text=_("Empty: the item's title.")
    )
    audience = forms.ChoiceField(label=_("For whom"), choices=Audience.choices, widget=forms.RadioSelect)
    sessions = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=24, initial=1)
    duration_minutes = forms.IntegerField(
        label=_("Duration of a session in minutes"), min_value=15, max_value=600, initial=120
    )
    owner_kind = forms.ChoiceField(
        label=_("Who is responsible"), choices=OwnerKind.choices, widget=forms.RadioSelect
    )
    owner_person = forms.ChoiceField(
        label=_("Responsible group leader or member"),
        required=False,
        help_text=_("Only when a group leader or a named member is responsible."),
    )
    owner_name = forms.CharField(label=_("Name of the external provider"), max_length=200, required=False)
    preferred_weekday = forms.TypedChoiceField(
        label=_("Preferred weekday"),
        choices=[("", _("no preference")), *WEEKDAY_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    preferred_daypart = forms.ChoiceField(
        label=_("Preferred daypart"), choices=[("", _("no preference")), *DAYPART_CHOICES], required=False
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def __init__(
        self, *args: Any, items: list[tuple[str, str]], people: list[tuple[int, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        item_field = self.fields["item"]
        person_field = self.fields["owner_person"]
        assert isinstance(item_field, forms.ChoiceField)
        assert isinstance(person_field, forms.ChoiceField)
        item_field.choices = [("", "—"), *items]
        person_field.choices = [("", "—"), *people]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("owner_kind")
        if kind in (OwnerKind.FRACTIEVOORZITTER, OwnerKind.LID) and not data.get("owner_person"):
            self.add_error("owner_person", _("Choose who is responsible."))
        if kind == OwnerKind.EXTERN and not data.get("owner_name"):
            self.add_error("owner_name", _("Name the provider."))
        return data


class RuleForm(StyledForm):
    kind = forms.ChoiceField(label=_("Timing rule"), choices=RuleKind.choices)
    number = forms.IntegerField(
        label=_("Number of weeks or months"),
        help_text=_("Only for rules with a number of weeks or months. Empty: the usual number."),
        min_value=1,
        max_value=60,
        required=False,
    )


class PeriodForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    start_date = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last day is before the first day."))
        return data


class MilestoneForm(StyledForm):
    kind = forms.ChoiceField(label=_("P&C moment"), choices=MilestoneKind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


class EvaluationForm(StyledForm):
    score = forms.TypedChoiceField(
        label=_("How useful was this session?"),
        choices=[(5, _("5: very useful")), (4, "4"), (3, "3"), (2, "2"), (1, _("1: not useful"))],
        coerce=int,
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(label=_("One line for the griffie"), max_length=200, required=False)


class AttendanceForm(forms.Form):
    """Who was present at a session: the people of its audience that were ticked."""

    present = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args: Any, people: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = self.fields["present"]
        assert isinstance(present, forms.TypedMultipleChoiceField)
        present.choices = [(person.pk, str(person)) for person in people]


class StepDoneForm(forms.Form):
    """A member ticks an onboarding step as done ("1") or not done ("0")."""

    done = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")


class SignupSettingsForm(StyledForm):
    """Places and minimum of one session's sign-up list (the griffie)."""

    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)
    minimum = forms.IntegerField(
        label=_("Minimum number of participants"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Optional. Below this number the session is shown on your home page three weeks ahead."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        capacity, minimum = data.get("capacity"), data.get("minimum")
        if capacity is not None and minimum is not None and minimum > capacity:
            self.add_error("minimum", _("The minimum cannot be more than the number of places."))
        return data


class SignupForMemberForm(StyledForm):
    """The griffie signs a member up or off on their behalf (a member who phoned or mailed the griffie)."""

    member = forms.TypedChoiceField(
        label=_("Member"),
        coerce=int,
        help_text=_("The member gets the same e-mail as when they sign up or off themselves."),
    )

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("choose")), *people]
