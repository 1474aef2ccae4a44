"""Forms of open badges: the griffie's badge, the member's choices, revoking, and the check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.badges.models import Design, Rule


class BadgeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the badge says about the member, in one or two sentences."),
    )
    criteria = forms.CharField(
        label=_("Criteria in words"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the member did to earn it. This text is in the badge for anyone who checks it."),
    )
    design = forms.ChoiceField(label=_("Image"), choices=Design.choices, widget=forms.RadioSelect)
    rule = forms.ChoiceField(label=_("Earned by"), choices=Rule.choices, widget=forms.RadioSelect)
    activity = forms.TypedChoiceField(
        label=_("Training of the term plan"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("For “present at a training”: registered present at a session of this training."),
    )
    items = forms.MultipleChoiceField(
        label=_("Catalogue items"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “completed a set of catalogue items”: all of these items are done."),
    )
    is_active = forms.BooleanField(
        label=_("Award this badge now"),
        required=False,
        initial=True,
        help_text=_("Switch it off to stop awarding it; badges already awarded stay valid."),
    )

    def __init__(
        self, *args: Any, activities: list[tuple[int, str]], items: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        activity_field = self.fields["activity"]
        items_field = self.fields["items"]
        assert isinstance(activity_field, forms.TypedChoiceField)
        assert isinstance(items_field, forms.MultipleChoiceField)
        activity_field.choices = [("", _("(none)")), *activities]
        items_field.choices = items


class ChoicesForm(forms.Form):
    is_public = forms.BooleanField(
        label=_("Share this badge on a public page"),
        required=False,
        help_text=_(
            "Anyone with the link sees the badge, the issuer and the date. You can stop sharing at any time."
        ),
    )
    include_name = forms.BooleanField(
        label=_("Show my name in the badge"),
        required=False,
        help_text=_(
            "Without your name the badge names you by a code made from your e-mail address, which only "
            "someone who knows that address can match."
        ),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CheckForm(forms.Form):
    credential = forms.CharField(
        label=_("The badge (JWT or JSON)"),
        required=False,
        max_length=64 * 1024,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )
    file = forms.FileField(label=_("Or choose the badge file"), required=False)

    def text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            raw = upload.read(64 * 1024 + 1)
            return bytes(raw).decode("utf-8", errors="replace")
        return str(self.cleaned_data.get("credential") or "")
