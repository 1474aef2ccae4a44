"""Forms of good practices: the griffie's text, the operator's decision, adopting and the contact for
peers. Choices that come from the database are filled in by the view (empty by default)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from toerusting.budgets import services as budget_services
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.forms import StyledForm

# Mail services of private persons: a practice's contact is a role address of the organisation
# (griffie@…), which stays right when the griffier changes jobs.
PRIVATE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.nl",
        "outlook.com",
        "outlook.nl",
        "live.nl",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "yahoo.com",
        "ziggo.nl",
        "kpnmail.nl",
        "planet.nl",
        "home.nl",
        "xs4all.nl",
        "hetnet.nl",
        "casema.nl",
        "upcmail.nl",
        "proton.me",
        "protonmail.com",
    }
)


def clean_role_address(value: str) -> str:
    """A role address of the organisation: not a private mail service, not someone's login address."""
    address = value.strip()
    domain = address.rsplit("@", 1)[-1].lower()
    if domain in PRIVATE_MAIL_DOMAINS:
        raise forms.ValidationError(
            _("Use an address of your organisation, such as griffie@lindenwaard.nl, not a private address.")
        )
    if get_user_model().objects.filter(email__iexact=address).exists():
        raise forms.ValidationError(
            _(
                "This is the personal address of an account. Use a role address of the griffie, such as "
                "griffie@lindenwaard.nl, which stays right when people change jobs."
            )
        )
    return address


class PracticeForm(StyledForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("Say in a few words what the council did.")
    )
    what = forms.CharField(
        label=_("What did the council do?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    why = forms.CharField(
        label=_("Why?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("The question or problem the council started from."),
    )
    how = forms.CharField(
        label=_("How did you go about it?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The steps, who took part and how much time it took, so another griffie can do it too."),
    )
    cost = forms.CharField(
        label=_("Cost in euros"),
        max_length=20,
        required=False,
        help_text=_("What it cost apart from working hours, for example 1.250,00. Leave empty if unknown."),
    )
    results = forms.CharField(
        label=_("What did it bring?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    contact_email = forms.EmailField(
        label=_("Contact address"),
        help_text=_("A role address of the griffie, such as griffie@lindenwaard.nl; not a personal address."),
    )
    topics = forms.MultipleChoiceField(label=_("Topics"), widget=forms.CheckboxSelectMultiple, required=False)
    items = forms.MultipleChoiceField(
        label=_("Catalogue items"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("What the council used. Another council that adopts the practice plans one of these."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = self.fields["topics"]
        items = self.fields["items"]
        assert isinstance(topics, forms.ChoiceField)
        assert isinstance(items, forms.ChoiceField)
        topics.choices = catalogue_selectors.topic_choices()
        items.choices = [
            (item.slug, item.title) for item in catalogue_selectors.national_items().only("slug", "title")
        ]
        self.fields["cost"].widget.attrs.setdefault("inputmode", "decimal")

    def clean_cost(self) -> Decimal | None:
        text = self.cleaned_data["cost"].strip()
        if not text:
            return None
        try:
            return budget_services.parse_amount(text, "cost", allow_zero=True)
        except budget_services.BudgetError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_contact_email(self) -> str:
        return clean_role_address(self.cleaned_data["contact_email"])


class ModerationForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("publish", _("Publish in the library")), ("refuse", _("Refuse"))],
    )
    reason = forms.CharField(
        label=_("Reason for refusal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Needed when you refuse: the griffie reads it and can change the practice."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the refusal: the griffie reads it."))
        return data


class AdoptForm(StyledForm):
    practice = forms.IntegerField(widget=forms.HiddenInput)
    item = forms.ChoiceField(
        label=_("Catalogue item for the activity"),
        help_text=_("The activity in your term plan is built on this item; you can change it afterwards."),
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ChoiceField)
        if items is not None:
            field.choices = items
        else:
            # Posted from the practice's page: any item; the service checks it belongs to the practice.
            field.choices = [
                (slug, slug) for slug in catalogue_selectors.national_items().values_list("slug", flat=True)
            ]


class PeerContactForm(StyledForm):
    email = forms.EmailField(
        label=_("Address for peers"),
        help_text=_("A role address where griffies of other councils can ask about your practices."),
    )
    note = forms.CharField(
        label=_("What peers can ask"),
        max_length=300,
        required=False,
        help_text=_("For example: a phone call about the onboarding programme, or a visit to a meeting."),
    )

    def clean_email(self) -> str:
        return clean_role_address(self.cleaned_data["email"])


class LibraryFilterForm(StyledForm):
    onderwerp = forms.ChoiceField(label=_("Topic"), required=False)
    soort = forms.ChoiceField(label=_("Kind of organisation"), required=False)

    def __init__(
        self,
        *args: Any,
        topics: list[tuple[str, str]] | None = None,
        kinds: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        topic_field, kind_field = self.fields["onderwerp"], self.fields["soort"]
        assert isinstance(topic_field, forms.ChoiceField)
        assert isinstance(kind_field, forms.ChoiceField)
        topic_field.choices = [("", _("All topics")), *(topics or [])]
        kind_field.choices = [("", _("All kinds")), *(kinds or [])]
