"""Medical reviews: recorded from a reviewer's own account, for one language of one version.

A review names what was reviewed (a published version, in one language), who reviewed it
(taken from the reviewer's account and profile, never typed by someone else) and when the
next one is due. Publishing never counts as a review, whoever publishes. Delivery layers
listen to `review_recorded` to re-render what they serve, inside the same transaction.

Because a review keeps fingerprints of the English and of the language's texts it saw, a
later version can say that its source (or its own text) has changed since the review.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from guide.document import iter_texts
from guide.languages import SOURCE_LANGUAGE, get_language
from guide.models import Guide, GuideLanguage, GuideVersion, MedicalReview

REVIEW_PERMISSION = "guide.add_medicalreview"
# Sent inside the recording transaction with `review`.
review_recorded = Signal()


class ReviewError(ValueError):
    """A review that cannot be recorded as asked (the message says why)."""


def review_interval() -> timedelta:
    return timedelta(days=settings.MEDICAL_REVIEW_INTERVAL_DAYS)


def _fingerprint(values: list[tuple[str, str | None]]) -> str:
    data = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def fingerprints(document: dict[str, Any], code: str) -> tuple[str, str]:
    """(English texts, texts in `code`) of a document, each as one sha256.

    Sorted by path: a stored document comes back from PostgreSQL's jsonb with its keys
    (table cells, say) in another order than it was written in.
    """
    items = sorted(iter_texts(document), key=lambda item: item[0])
    source = _fingerprint([(path, texts.get(SOURCE_LANGUAGE)) for path, texts in items])
    own = _fingerprint([(path, texts.get(code)) for path, texts in items])
    return source, own


def reviewer_identity(user: User) -> tuple[str, str]:
    """(name, credentials) of a reviewer, from their profile, else their account's name."""
    try:
        profile = user.reviewer_profile
    except ObjectDoesNotExist:
        profile = None
    if profile is not None and profile.display_name.strip():
        return profile.display_name.strip(), profile.credentials.strip()
    name = user.get_full_name().strip()
    if not name:
        raise ReviewError(
            "Your account has no name to publish with a review: ask an administrator to "
            "fill in your reviewer profile (name and credentials)."
        )
    return name, ""


def prepare_review(
    guide: Guide,
    language: str,
    user: User | None,
    *,
    version: GuideVersion | None = None,
    reviewed_on: date | None = None,
    next_review_due: date | None = None,
    note: str = "",
) -> MedicalReview:
    """A checked, unsaved review of `language` of `version` (default: the live one) by
    `user`; raises PermissionDenied or ReviewError (whose message says what to fix)."""
    if user is None or not user.is_authenticated or not user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied("Only medical reviewers may record a review.")
    lang = get_language(language)
    if lang is None:
        raise ReviewError(f"Language {language!r} is not served.")
    if version is None:
        version = guide.live_version
    if version is None:
        raise ReviewError("The guide has no published version: a review is of a published one.")
    if version.guide_id != guide.pk:
        raise ReviewError(f"Version {version.number} is not a version of {guide.slug}.")
    today = timezone.localdate()
    reviewed_on = reviewed_on or today
    if reviewed_on > today:
        raise ReviewError("A review cannot be dated in the future.")
    if reviewed_on < timezone.localdate(version.published_at):
        raise ReviewError(f"Version {version.number} was published after {reviewed_on}.")
    next_review_due = next_review_due or reviewed_on + review_interval()
    if next_review_due <= reviewed_on:
        raise ReviewError("The next review must be due after this one.")
    name, credentials = reviewer_identity(user)
    source_fp, text_fp = fingerprints(version.document, lang.code)
    return MedicalReview(
        guide=guide,
        language=lang.code,
        version=version,
        reviewer=user,
        reviewer_name=name,
        reviewer_credentials=credentials,
        reviewed_on=reviewed_on,
        next_review_due=next_review_due,
        source_fingerprint=source_fp,
        text_fingerprint=text_fp,
        note=note[:500],
    )


def save_review(review: MedicalReview) -> MedicalReview:
    """Save a review from `prepare_review()`; a reviewed translation's provenance follows."""
    with transaction.atomic():
        review.save()
        if review.language != SOURCE_LANGUAGE:
            GuideLanguage.objects.update_or_create(
                guide_id=review.guide_id,
                language=review.language,
                defaults={"provenance": GuideLanguage.Provenance.REVIEWED},
            )
        review_recorded.send(sender=MedicalReview, review=review)
    return review


def record_review(guide: Guide, language: str, user: User | None, **kwargs) -> MedicalReview:
    """Record that `user` medically reviewed `language` of a version (see `prepare_review`)."""
    return save_review(prepare_review(guide, language, user, **kwargs))


def latest_reviews(guide_id: int) -> dict[str, dict[str, Any]]:
    """The latest review of each language of a guide, as plain data for rendering."""
    out: dict[str, dict[str, Any]] = {}
    reviews = (
        MedicalReview.objects.filter(guide_id=guide_id)
        .select_related("version")
        .order_by("language", "-reviewed_on", "-recorded_at")
    )
    for review in reviews:
        if review.language in out:
            continue
        out[review.language] = {
            "reviewed_on": review.reviewed_on.isoformat(),
            "next_review_due": review.next_review_due.isoformat(),
            "reviewer": {"name": review.reviewer_name, "credentials": review.reviewer_credentials},
            "version": review.version.number if review.version else None,
            "source_fingerprint": review.source_fingerprint,
            "text_fingerprint": review.text_fingerprint,
            "migrated": review.migrated,
        }
    return out


def attach_reviews(document: dict[str, Any]) -> dict[str, Any]:
    """The document with the latest reviews of its guide (reviews are recorded after
    publishing, so they are joined at rendering time, not frozen with the version)."""
    return {**document, "reviews": latest_reviews(document["id"])}


def review_state(document: dict[str, Any], code: str) -> dict[str, Any]:
    """How the text of `document` in `code` stands against its latest review."""
    review = document.get("reviews", {}).get(code)
    if review is None:
        return {"status": "not_reviewed"}
    source_changed = text_changed = None
    if review["source_fingerprint"]:
        source_fp, text_fp = fingerprints(document, code)
        source_changed = source_fp != review["source_fingerprint"]
        text_changed = text_fp != review["text_fingerprint"]
    return {
        "status": "outdated" if (source_changed or text_changed) else "reviewed",
        "last_reviewed": review["reviewed_on"],
        "next_review_due": review["next_review_due"],
        "reviewed_by": review["reviewer"],
        "reviewed_version": review["version"],
        "source_changed_since_review": source_changed,
        "text_changed_since_review": text_changed,
        # Carried over from free text typed before reviews were tied to accounts.
        "migrated": review["migrated"],
    }
