"""The content model of a patient guide.

Every human-readable text is registered for translation in `guide/translation.py`;
django-modeltranslation adds one column per language (`title_en`, `title_es`, ...).
Code that serves content reads those columns explicitly (see `guide/localize.py`) so that
a missing translation is reported, never silently replaced.
"""

from typing import TYPE_CHECKING

from guide.models.coded_subjects import CodedSubject
from guide.models.content import (
    Callout,
    ComparisonTable,
    FAQEntry,
    Figure,
    Reference,
    SanitizedBodyMixin,
    Section,
    TableCell,
    TableColumn,
    TableRow,
)
from guide.models.glossary_terms import GlossaryTerm
from guide.models.guides import Author, Guide, GuideLanguage, Tag
from guide.models.medical_reviews import MedicalReview, ReviewerProfile
from guide.models.scheduled_actions import ScheduledAction
from guide.models.text_statuses import TextStatus
from guide.models.versions import ChangeSequence, GuideChange, GuideVersion

if TYPE_CHECKING:
    # modeltranslation swaps the managers of translated models for its own at run time;
    # imported here so the type checker knows that class.
    import modeltranslation.manager  # noqa: F401

__all__ = [
    "Author",
    "Callout",
    "ChangeSequence",
    "CodedSubject",
    "ComparisonTable",
    "FAQEntry",
    "Figure",
    "GlossaryTerm",
    "Guide",
    "GuideChange",
    "GuideLanguage",
    "GuideVersion",
    "MedicalReview",
    "Reference",
    "ReviewerProfile",
    "SanitizedBodyMixin",
    "ScheduledAction",
    "Section",
    "TableCell",
    "TableColumn",
    "TableRow",
    "Tag",
    "TextStatus",
]
