"""Forms of the forum pages. They only shape input: the rules live in the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ruche.core.permissions import can, visible
from ruche.products.models import ProductArea
from ruche.spaces.selectors import space_list

from . import kinds
from .models import TopicKind

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, > quote, - list, [link](https://…), "
    "`code`, @handle to mention a member."
)


def markdown_area(rows: int = 8) -> forms.Textarea:
    """The text area of a Markdown field (the editor's toolbar and uploads attach to it)."""
    return forms.Textarea(attrs={"rows": rows, "class": "markdown", "spellcheck": "true"})


def split_tags(raw: str) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's field errors on the matching form fields (others on the whole form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class TopicForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Space"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A short sentence that says what it is about."),
        # The services check the length; the browser does not block so errors show as one list.
    )
    body = forms.CharField(
        label=_("Text"), widget=markdown_area(12), help_text=MARKDOWN_HELP, strip=False
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=_("For articles: one or two sentences shown in lists and at the top."),
    )
    product_area = forms.ModelChoiceField(
        label=_("Product area"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Comma separated, at most 5. Example: agenda, sms reminders"),
    )

    def __init__(self, *args, user, kind: str = TopicKind.QUESTION, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        visible_spaces = list(space_list(user=user))
        # The kinds started from the forum that this member may start somewhere they see.
        choices = [
            (value, label)
            for value, label in kinds.choices(startable_in_forum=True)
            if value != TopicKind.ARTICLE
            or any(can(user, "space.start_topic", s, kind=value) for s in visible_spaces)
        ]
        self.fields["kind"].choices = choices
        if kind not in dict(choices):
            kind = TopicKind.QUESTION
        # Only the spaces where this member may start this kind of topic.
        spaces = [s for s in visible_spaces if can(user, "space.start_topic", s, kind=kind)]
        self.fields["space"].queryset = space_list(user=user).filter(pk__in=[s.pk for s in spaces])
        self.fields["product_area"].queryset = visible(user, ProductArea.objects.all()).order_by(
            "position", "slug"
        )
        # Similar questions appear under the title while the member types (htmx).
        self.fields["title"].widget.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse("forum:similar"),
                "hx-trigger": "keyup changed delay:400ms",
                "hx-target": "#similar-topics",
                "hx-swap": "innerHTML",
            }
        )

    def clean_tags(self) -> list[str]:
        return split_tags(self.cleaned_data.get("tags", ""))


class TopicEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), widget=markdown_area(14), help_text=MARKDOWN_HELP, strip=False
    )
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Comma separated, at most 5.")
    )
    reason = forms.CharField(
        label=_("Reason for the edit"),
        max_length=200,
        required=False,
        help_text=_("Optional; shown in the history."),
    )

    def __init__(self, *args, is_article: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_article:
            del self.fields["summary"]

    def clean_tags(self) -> list[str]:
        return split_tags(self.cleaned_data.get("tags", ""))


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=markdown_area(6), help_text=MARKDOWN_HELP, strip=False
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReplyEditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), widget=markdown_area(10), help_text=MARKDOWN_HELP, strip=False
    )
    reason = forms.CharField(
        label=_("Reason for the edit"),
        max_length=200,
        required=False,
        help_text=_("Optional; shown in the history."),
    )


class TopicRetagForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Comma separated, at most 5.")
    )

    def clean_tags(self) -> list[str]:
        return split_tags(self.cleaned_data.get("tags", ""))


class TopicMoveForm(forms.Form):
    """Validates against every space the member sees, lists only those they may move it to: a
    space they may not use gets the service's clear reason, not "select a valid choice"."""

    space = forms.ModelChoiceField(label=_("Move to space"), queryset=None, empty_label=None)

    def __init__(self, *args, user, destinations: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["space"]
        field.queryset = space_list(user=user, include_archived=True)
        field.widget.choices = [(space.pk, space.name) for space in destinations]


class FlagHideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why hide it?"),
        max_length=200,
        help_text=_("A moderator reads it when reviewing the hidden post."),
    )
