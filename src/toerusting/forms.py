"""Form styling shared by all apps: NL Design System classes on widgets, and accessible error states."""

from __future__ import annotations

from typing import Any

from django import forms

WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
)


class StyledForm(forms.Form):
    """A form whose widgets carry utrecht-* classes.

    Help texts and errors are tied to their field the way Django does it: a widget's aria-describedby names
    "<id>_helptext" and "<id>_error", so the shared field template (portal/templates/forms/field.html) gives
    the help text and the error message exactly those ids. A choice list is a fieldset that names them
    itself, so not every checkbox repeats them. tests/test_form_help_ids.py checks every form and page.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_type, css in WIDGET_CLASSES:
                if isinstance(field.widget, widget_type):
                    field.widget.attrs.setdefault("class", css)
                    break
