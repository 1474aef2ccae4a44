"""The tab's own forms: the griffie's form to end open tab sessions, and what the tab carries beside the
site's forms (the session key, the launch token, where to go back to)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm

ALL = "all"


class EndTabSessionsForm(StyledForm):
    """Whose open tab sessions to end: one member (by user id) or everyone in the organisation."""

    member = forms.ChoiceField(label=_("Member"))

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ChoiceField)
        member.choices = [(ALL, _("everyone")), *((str(pk), name) for pk, name in members)]

    def user_id(self) -> int | None:
        """The chosen member's user id, or None for everyone."""
        value = self.cleaned_data["member"]
        return None if value == ALL else int(value)


class TabPostForm(forms.Form):
    """What the tab adds to the site's own forms when an item opened inline posts: which of them was sent
    (the answer to one question, "mark as done" or "useful"), and where the tab goes back to afterwards. The
    learning data itself is read by the site's forms (AnswerForm, MarkDoneForm, EndorseForm)."""

    action = forms.ChoiceField(choices=[("answer", "answer"), ("complete", "complete"), ("useful", "useful")])
    # The question answered (its form fields carry the prefix "vraag<id>").
    question = forms.IntegerField(required=False, min_value=1)
    # Where the page scrolls back to after the post: an element id of the page, nothing else.
    anker = forms.RegexField(regex=r"^[A-Za-z][A-Za-z0-9_-]{0,80}$", required=False)
    terug = forms.CharField(required=False, max_length=500)


class TabKeyForm(forms.Form):
    """The tab session key a tab page carries (query string, or a form the tab posts)."""

    s = forms.CharField(max_length=200, required=False)

    def key(self) -> str:
        return str(self.cleaned_data.get("s") or "") if self.is_valid() else ""


class LaunchForm(forms.Form):
    """The signed launch token a RIS sends (in the iframe's address, or as a posted form)."""

    token = forms.CharField(max_length=8000, required=False)

    def value(self) -> str:
        return str(self.cleaned_data.get("token") or "") if self.is_valid() else ""


class NextKeyForm(StyledForm):
    """The griffie enters the RIS's new key as the next key of a connection (checked for its algorithm)."""

    key = forms.CharField(
        label=_("New key"),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "The new shared secret (at least 32 characters) or the new PEM public key, as the RIS supplier "
            "gave it. It is stored encrypted and never shown again."
        ),
    )
    key_id = forms.CharField(
        label=_("Key id (kid)"),
        max_length=100,
        required=False,
        help_text=_("Only when the supplier names one, for example 2026-01."),
    )

    def __init__(self, *args: Any, algorithm: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.algorithm = algorithm

    def clean_key(self) -> str:
        from toerusting.embed.services import key_problem

        key = str(self.cleaned_data.get("key") or "").strip()
        problem = key_problem(self.algorithm, key)
        if problem:
            raise forms.ValidationError(problem)
        return key


class KeyActionForm(forms.Form):
    """Which connection of the page a button is for, and what it does."""

    connection = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("next", "next"), ("promote", "promote"), ("discard", "discard")])
