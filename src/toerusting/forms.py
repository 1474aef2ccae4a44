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
    """A form whose widgets carry utrecht-* classes and point to their error message when invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_type, css in WIDGET_CLASSES:
                if isinstance(field.widget, widget_type):
                    field.widget.attrs.setdefault("class", css)
                    break

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"
