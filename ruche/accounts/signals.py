"""Adapters of allauth's framework signals: they call the services, which record the events."""

import contextlib

from allauth.account.signals import user_logged_in, user_signed_up
from django.core.exceptions import ValidationError
from django.dispatch import receiver

from .services import invitation_accept, member_joined, member_logged_in

INVITATION_SESSION_KEY = "ruche_invitation_token"


@receiver(user_signed_up)
def on_signed_up(sender, request, user, **kwargs) -> None:
    token = request.session.pop(INVITATION_SESSION_KEY, None) if request else None
    member_joined(member=user, invited=bool(token))
    if token:
        # allauth makes the invited (proven) address the account's primary one, so this
        # normally succeeds; a spent or revoked invitation simply grants nothing.
        with contextlib.suppress(ValidationError):
            invitation_accept(raw_token=token, member=user)


@receiver(user_logged_in)
def on_logged_in(sender, request, user, **kwargs) -> None:
    member_logged_in(member=user)
