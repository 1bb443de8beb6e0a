from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ruche.accounts.models import Segment
from ruche.core.permissions import can, visible
from ruche.forum import threads
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from .models import DECISION_KINDS, IdeaStatus, ReasonCategory, Release, ResponseTemplate


class CommentForm(threads.CommentForm):
    """A comment on an idea is a reply on its forum thread; same form, same rules."""


class IdeaForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Space"), queryset=None, empty_label=None)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("One sentence: what should the product do? Similar ideas appear below."),
    )
    problem = forms.CharField(
        label=_("The problem it solves"),
        widget=threads.markdown_area(6),
        help_text=_("What gets in your way today, and how often?"),
        strip=False,
    )
    solution = forms.CharField(
        label=_("Your proposed solution"),
        widget=threads.markdown_area(6),
        help_text=threads.MARKDOWN_HELP,
        required=False,
        strip=False,
    )
    product_area = forms.ModelChoiceField(
        label=_("Product area"), queryset=None, required=False, empty_label=_("— I don't know —")
    )
    segments = forms.ModelMultipleChoiceField(
        label=_("Who benefits"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Comma separated, at most 5. Example: sms, reminders"),
    )

    def __init__(self, *args, user, edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        spaces = [
            s for s in visible(user, Space.objects.all()) if can(user, "space.propose_idea", s)
        ]
        self.fields["space"].queryset = Space.objects.filter(pk__in=[s.pk for s in spaces])
        self.fields["product_area"].queryset = visible(user, ProductArea.objects.all())
        self.fields["segments"].queryset = Segment.objects.filter(is_active=True)
        if edit:
            del self.fields["space"]
        else:
            self.fields["title"].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "hx-get": reverse("ideas:similar"),
                    "hx-trigger": "keyup changed delay:400ms",
                    "hx-target": "#similar-ideas",
                    "hx-swap": "innerHTML",
                }
            )

    def clean_tags(self) -> list[str]:
        return threads.split_tags(self.cleaned_data.get("tags", ""))


class ResponseForm(forms.Form):
    decision = forms.ModelChoiceField(label=_("Decision"), queryset=None, empty_label=None)
    rationale = forms.CharField(
        label=_("Why (the rationale)"),
        widget=threads.markdown_area(10),
        strip=False,
        help_text=_("Members who liked this idea read this: explain the decision in full."),
    )
    reason_category = forms.ChoiceField(
        label=_("Reason"), choices=ReasonCategory.choices, required=False
    )
    workaround = forms.CharField(
        label=_("Workaround"), widget=threads.markdown_area(3), required=False
    )
    reconsider_conditions = forms.CharField(
        label=_("When we would reconsider"), widget=threads.markdown_area(3), required=False
    )
    target_quarter = forms.CharField(
        label=_("Target quarter"), required=False, max_length=7, help_text=_("Like 2027-Q1.")
    )
    release = forms.ModelChoiceField(
        label=_("Shipped in release"), queryset=Release.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = IdeaStatus.objects.filter(kind__in=DECISION_KINDS)

    @staticmethod
    def initial_from(template: ResponseTemplate) -> dict:
        return {
            "decision": template.decision_id,
            "rationale": template.rationale,
            "reason_category": template.reason_category,
            "workaround": template.workaround,
            "reconsider_conditions": template.reconsider_conditions,
        }


class StatusForm(forms.Form):
    status = forms.ModelChoiceField(label=_("Status"), queryset=None, empty_label=None)
    reason = forms.CharField(label=_("Why"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = IdeaStatus.objects.exclude(
            kind__in=["merged", "awaiting_response"]
        )


class MergeForm(forms.Form):
    original = forms.IntegerField(
        label=_("Number of the original idea"),
        help_text=_("The idea this one duplicates: its likes, followers and comments go there."),
    )
    reason = forms.CharField(label=_("Why"), max_length=300, required=False)


class ReleaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    released_on = forms.DateField(
        label=_("Release date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(label=_("Release notes"), widget=threads.markdown_area(10), strip=False)
    product_areas = forms.ModelMultipleChoiceField(
        label=_("Product areas"),
        queryset=ProductArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ideas = forms.CharField(
        label=_("Ideas delivered"),
        required=False,
        help_text=_("Numbers of the ideas, comma separated. Example: 12, 48"),
    )

    def clean_ideas(self) -> list[int]:
        raw = threads.split_tags(self.cleaned_data.get("ideas", ""))
        if not all(part.isdigit() for part in raw):
            raise forms.ValidationError(_("Numbers only, comma separated."))
        return [int(part) for part in raw]
