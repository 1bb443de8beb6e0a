from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ruche.core.permissions import can

from .models import Segment, User
from .roles import Role


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls ``signup``)."""

    display_name = forms.CharField(label=_("Display name"), max_length=80)
    segment = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Segment.objects.filter(is_active=True),
        required=False,
        empty_label=_("— choose —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.segment = self.cleaned_data.get("segment")
        language = getattr(request, "LANGUAGE_CODE", "") or ""
        if language in dict(settings.MEMBER_LANGUAGES):
            user.language = language
        user.save(update_fields=["display_name", "segment", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name",
            "segment",
            "organisation",
            "country",
            "language",
            "ui_language",
            "bio",
            "profile_visibility",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.filter(is_active=True)
        self.fields["display_name"].required = True


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label=_("New picture"),
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB. It will be cropped square."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    segment = forms.ModelChoiceField(
        label=_("Specialty"), queryset=Segment.objects.filter(is_active=True), required=False
    )
    display_name = forms.CharField(label=_("Display name"), max_length=80, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=120, required=False)
    # A callable, so the country names follow the language of each request.
    country = forms.ChoiceField(
        label=_("Country"), choices=lambda: [("", "—"), *countries], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.MEMBER_LANGUAGES, initial="fr"
    )

    def __init__(self, *args, inviter=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inviter is not None:
            # Only the roles the inviter may give (the service refuses the others anyway).
            self.fields["role"].choices = [
                (value, label)
                for value, label in Role.choices
                if can(inviter, "role.grant", role=value)
            ]


class InvitationCsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "First line: email, role, segment, display_name, organisation, country, language "
            "(only email is required). Comma or semicolon separated, UTF-8."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file must be UTF-8 text.")) from exc
