"""Admin pages for medical reviews and reviewer profiles.

A review is recorded on its own page by a holder of the review permission (the Medical
reviewers group); the reviewer is whoever is logged in, named from their profile. Reviews
are never changed or deleted here: a new review is a new record. The guide page's language
rows use `GuideLanguageForm`, where "reviewed" cannot be chosen.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone

from guide.languages import all_languages
from guide.models import Guide, GuideLanguage, GuideVersion, MedicalReview, ReviewerProfile
from guide.reviews import ReviewError, prepare_review, save_review


class RecordReviewForm(forms.ModelForm):
    user: Any = None  # the reviewer, set by `MedicalReviewAdmin.get_form`
    language = forms.ChoiceField(choices=())
    version = forms.ModelChoiceField(
        queryset=GuideVersion.objects.select_related("guide").order_by("guide", "-number"),
        required=False,
        help_text="The published version you reviewed; empty: the version served now.",
    )
    reviewed_on = forms.DateField(
        initial=timezone.localdate, help_text="The day you finished the review."
    )
    next_review_due = forms.DateField(
        required=False, help_text="Empty: the default review interval from the review date."
    )
    user = None  # set by the admin: the reviewer is the logged-in account
    prepared: MedicalReview | None = None

    class Meta:
        model = MedicalReview
        fields = ("guide", "language", "version", "reviewed_on", "next_review_due", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = cast(forms.ChoiceField, self.fields["language"])
        language.choices = [(lang.code, lang.name) for lang in all_languages()]
        guide = cast(forms.ModelChoiceField, self.fields["guide"])
        guide.queryset = Guide.objects.exclude(live_version=None)

    def clean(self):
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            prepared = prepare_review(
                data["guide"],
                data["language"],
                self.user,
                version=data.get("version"),
                reviewed_on=data.get("reviewed_on"),
                next_review_due=data.get("next_review_due"),
                note=data.get("note") or "",
            )
        except ReviewError as exc:
            raise ValidationError(str(exc)) from exc
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc
        self.prepared = prepared
        return data


class GuideLanguageForm(forms.ModelForm):
    """Provenance "reviewed" comes from recording a medical review, never from this form."""

    class Meta:
        model = GuideLanguage
        fields = ("language", "provenance", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reviewed = GuideLanguage.Provenance.REVIEWED
        if self.instance.provenance != reviewed:
            # Not offered; the field still knows it, so a crafted POST of it gets the
            # explanation below rather than "not a valid choice".
            widget = cast(forms.Select, self.fields["provenance"].widget)
            widget.choices = [c for c in GuideLanguage.Provenance.choices if c[0] != reviewed]

    def clean_provenance(self) -> str:
        """A row already reviewed keeps "reviewed" only for its own language: moving it to
        another language would claim a review nobody made."""
        value = self.cleaned_data["provenance"]
        reviewed = GuideLanguage.Provenance.REVIEWED
        kept = self.instance.provenance == reviewed and self.instance.language == (
            self.cleaned_data.get("language")
        )
        if value == reviewed and not kept:
            raise forms.ValidationError(
                "“Medically reviewed” is set by a medical reviewer recording a review from "
                "their own account (Medical reviews), not chosen here."
            )
        return value


@admin.register(MedicalReview)
class MedicalReviewAdmin(admin.ModelAdmin):
    list_display = (
        "guide",
        "language",
        "reviewed_on",
        "reviewer_name",
        "reviewed_version",
        "next_review_due",
        "migrated",
    )
    list_filter = ("language", "guide", "migrated")
    date_hierarchy = "reviewed_on"
    form = RecordReviewForm

    @admin.display(description="version")
    def reviewed_version(self, review: MedicalReview) -> str:
        return f"v{review.version.number}" if review.version else "—"

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = cast(type[RecordReviewForm], super().get_form(request, obj, change=change, **kwargs))
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return [f.name for f in MedicalReview._meta.concrete_fields]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: MedicalReview, form, change) -> None:
        # The checked review, with the reviewer and fingerprints the form does not hold.
        for field in MedicalReview._meta.concrete_fields:
            if not field.primary_key:
                setattr(obj, field.attname, getattr(form.prepared, field.attname))
        save_review(obj)


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    """Set by administrators (user managers): how a reviewer is named in published guides."""

    list_display = ("display_name", "credentials", "user")
    search_fields = ("display_name", "user__username")
