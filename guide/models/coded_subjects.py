"""Clinical codes (ICD-10-CM, SNOMED CT, RxNorm) a guide is about."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.models.guides import Guide


class CodedSubject(models.Model):
    """What a guide is about, as a code an EHR sends: a condition or a medicine.

    Clinic systems ask for patient education by code (HL7 Infobutton, CDS Hooks), and the
    guide's structured data names its subject by code. A code is entered only once it has
    been looked up in its code system (`verified_against` says where): a wrong code sends a
    patient the wrong guide. Matching rules live in `guide.coding`.
    """

    class Kind(models.TextChoices):
        CONDITION = "condition", _("Condition")
        MEDICINE = "medicine", _("Medicine")

    class System(models.TextChoices):
        ICD10CM = "icd10cm", "ICD-10-CM"
        SNOMEDCT = "snomedct", "SNOMED CT"
        RXNORM = "rxnorm", "RxNorm"

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="coded_subjects")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CONDITION)
    system = models.CharField(max_length=16, choices=System.choices)
    code = models.CharField(
        max_length=20,
        help_text=_(
            "As the code system writes it: ICD-10-CM with its dot (L20, L20.9), SNOMED CT "
            "concept id (24079001), RxNorm RXCUI. An ICD-10-CM code also matches every code "
            "below it (L20 matches L20.9 and L20.84)."
        ),
    )
    display = models.CharField(
        max_length=300,
        help_text=_("The code system's own English name for the code, e.g. 'Atopic dermatitis'."),
    )
    verified_against = models.CharField(
        max_length=300,
        help_text=_(
            "Where the code was looked up (e.g. 'CDC ICD-10-CM 2026 tabular list'). Never enter "
            "a code you have not verified."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["guide", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "system", "code"], name="coded_subject_unique")
        ]
        indexes = [models.Index(fields=["system", "code"], name="coded_subject_lookup")]

    def __str__(self) -> str:
        return f"{self.get_system_display()} {self.code} {self.display}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from guide.coding import CodeError, normalise_code

        try:
            self.code = normalise_code(self.system, self.code)
        except CodeError as exc:
            raise ValidationError({"code": str(exc)}) from exc
        if (self.system == self.System.RXNORM) != (self.kind == self.Kind.MEDICINE):
            raise ValidationError(
                {"kind": _("RxNorm codes name medicines; medicines are coded in RxNorm.")}
            )
        if self.system == self.System.ICD10CM and self.kind != self.Kind.CONDITION:
            raise ValidationError({"kind": _("ICD-10-CM codes name conditions.")})
