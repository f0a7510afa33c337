"""Sending an invitation's link: the token exists only in the mail, its hash in the row."""

from django.dispatch import Signal

from . import mail
from .models import Invitation

# Asked when an invitation is mailed or shown: receivers return what waits for the person
# (the titles of the courses whose seats come with it), in `language` (by default the
# invitation's).
invitation_offers = Signal()  # sender=Invitation, invitation=, language=None


def offers_for(invitation: Invitation, language: str | None = None) -> list[str]:
    """What waits for the invited person, from every receiver of `invitation_offers`."""
    answers = invitation_offers.send(sender=Invitation, invitation=invitation, language=language)
    return [offer for _receiver, answer in answers for offer in (answer or [])]


def mail_invitation(invitation_id: int) -> None:
    """Mail a pending invitation once, with a fresh link; call inside a transaction."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("company", "invited_by")
        .filter(pk=invitation_id, mail_pending=True)
        .open()
        .first()
    )
    if invitation is None:
        return
    token = invitation.new_token()
    invitation.mail_pending = False
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "mail_pending"])
    mail.send_invitation(invitation, token, offers_for(invitation))
