import contextlib

from allauth.account.signals import user_logged_in, user_signed_up
from django.core.exceptions import ValidationError
from django.dispatch import receiver

from ruche.activity import registry as verbs
from ruche.activity.services import activity_record

from .services import invitation_accept, member_joined

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
    activity_record(actor=user, verb=verbs.MEMBER_LOGGED_IN.name)
