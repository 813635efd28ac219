"""Signed, expiring links to a guide's working copy.

Tokens are signed with SECRET_KEY (django.core.signing) and carry the guide's id and the
time they were made; nothing is stored, and a token cannot be altered or reused past its age.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from guide.models import Guide

_SALT = "guide.preview"


class PreviewTokenError(ValueError):
    pass


def make_token(guide: Guide) -> str:
    return signing.dumps({"g": guide.pk}, salt=_SALT)


def read_token(token: str) -> Guide:
    """The guide a token opens; raises PreviewTokenError with a reason a person can act on."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.PREVIEW_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise PreviewTokenError(
            "This preview link has expired; open a new one from the admin."
        ) from exc
    except signing.BadSignature as exc:
        raise PreviewTokenError(
            "This preview link is not valid; copy it again from the admin."
        ) from exc
    guide_id = data.get("g") if isinstance(data, dict) else None
    # Signed is not the same as well formed: a leaked key must not turn into a 500.
    if type(guide_id) is not int or not 0 < guide_id < 2**63:
        raise PreviewTokenError("This preview link is not valid; copy it again from the admin.")
    guide = Guide.objects.filter(pk=guide_id).first()
    if guide is None:
        raise PreviewTokenError("The guide of this preview link no longer exists.")
    return guide
