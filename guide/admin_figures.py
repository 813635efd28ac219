"""Uploading figures in the admin: on a section's page, checked and cleaned on the way in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from guide import figures
from guide.admin_roles import SourceLockMixin
from guide.admin_widgets import TranslationStackedInline
from guide.languages import SOURCE_LANGUAGE
from guide.models import Figure


class FigureForm(forms.ModelForm):
    class Meta:
        model = Figure
        fields = ("order", "image", "decorative", "alt", "caption", "credit")

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if upload is None or not hasattr(upload, "content_type"):
            return upload  # unchanged on an edit of the texts
        if upload.size > figures.MAX_UPLOAD_BYTES:  # before reading it into memory
            raise forms.ValidationError("The file is larger than 10 MB.")
        try:
            clean = figures.clean_upload(upload.read())
        except figures.FigureError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.instance.sha256 = clean.sha256
        stem = upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "figure"
        return SimpleUploadedFile(
            f"{stem}.{clean.extension}", clean.content, figures.MEDIA_TYPES[clean.extension]
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        alt = data.get(f"alt_{SOURCE_LANGUAGE}", "")
        if data.get("decorative"):
            if alt:
                self.add_error(
                    f"alt_{SOURCE_LANGUAGE}",
                    "A decorative image has no alt text (screen readers skip it); untick "
                    "“decorative” if the image says something.",
                )
        elif not alt and "image" in data:
            self.add_error(
                f"alt_{SOURCE_LANGUAGE}",
                "Describe the image for people who cannot see it, or mark it decorative.",
            )
        return data


class FigureInline(SourceLockMixin, TranslationStackedInline):
    model = Figure
    form = FigureForm
    fields = ("order", "image", "decorative", "alt", "caption", "credit")
    extra = 0
