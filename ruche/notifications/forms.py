from __future__ import annotations

from django import forms

from .models import Channel, NotificationKind


class PreferencesForm(forms.Form):
    """One choice of channel per kind of notification the member can receive."""

    def __init__(self, *args, kinds: list[str], **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind] = forms.ChoiceField(
                label=NotificationKind(kind).label,
                choices=Channel.choices,
                widget=forms.RadioSelect,
            )
