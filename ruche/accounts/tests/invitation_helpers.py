"""What the invitation tests share."""

from __future__ import annotations

import re

from django.conf import settings

from ruche.accounts.services import InvitationRequest, invitation_create

INVITEE = "new.person@example.org"
PASSWORD = "a-long-and-unusual-passphrase-42"
LINK = re.compile(r"/invitations/([A-Za-z0-9_-]+)/")


def token_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    assert f"{settings.SITE_URL}/invitations/{match.group(1)}/" in message.body
    return match.group(1)


def invite(inviter, email=INVITEE, **fields):
    return invitation_create(inviter=inviter, request=InvitationRequest(email=email, **fields))
