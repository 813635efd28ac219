"""How translated texts are edited in the admin: language, direction, source and rich text.

Every admin (page or inline) of translated content derives from the bases at the end of
this module instead of django-modeltranslation's, so each translated field gets:

- `lang` (BCP 47) and `dir` on its input, so spellcheck and screen readers use the right
  language and Arabic is typed right to left;
- a label naming its language in that language;
- beside it, for every language but English, the English source, rendered (an HTML body as
  HTML, cleaned again on the way out), in a `lang="en"` region;
- an anchor, `#text-<text id>-<language>` (`#text-sections.12.body-es`), that the to-fix
  page links to, and its translation status for the language tabs;
- for HTML bodies (the fields `SanitizedBodyMixin` cleans), a rich-text editor
  (django-prose-editor, shipped as static files) offering only what `guide.sanitize` keeps.
  The sanitiser stays the authority: whatever the editor or a crafted POST sends is
  cleaned on save.

The language tabs are our own script (`guide/static/guide/language_tabs.js`), not
modeltranslation's jQuery UI tabs: those put a focusable link inside each `role="tab"`
item (axe `nested-interactive`, one node per tab: 216 on the seed guide's page), wrote the
language switch into the page's `<h1>` ("Change guide enesfrzh-hansviar") without a label,
and opened a newly added inline on the last language picked, hiding its required English.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Field, Model
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_prose_editor.widgets import AdminProseEditorWidget
from modeltranslation import admin as mt_admin
from modeltranslation.fields import TranslationField
from modeltranslation.utils import build_localized_fieldname

from guide.admin_mixins import AnyAdminMixin
from guide.content import text_path
from guide.languages import SOURCE_LANGUAGE, Language, get_language
from guide.models import SanitizedBodyMixin, TextStatus
from guide.sanitize import sanitize_html
from guide.translating.status import effective_status, record_key, records_for

# What the rich-text editor offers: exactly the elements `guide.sanitize` keeps (a test
# compares the two). Headings start at h3: a body sits under its section's h2.
RICH_TEXT_EXTENSIONS: dict[str, Any] = {
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [3, 4, 5, 6]},
    "BulletList": True,
    # No "list properties" dialog: the sanitiser keeps neither `start` nor `type`.
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    # abbr, dfn and a passage in another language (span lang/dir), kept as written.
    "TextLanguage": True,
    "HTML": True,  # the source view, for what the toolbar does not offer
    "History": True,
    # The package turns the browser's spellcheck off; ours checks in the field's language.
    "NoSpellCheck": False,
    # Plain button groups: the package's drop-down menus cannot be used from the keyboard.
    "Menu": {
        "groups": [
            {"group": "blockType -lists"},
            {"group": "lists"},
            {"group": "nodes -blockType -lists"},
            {"group": "marks"},
            {"group": "link"},
            {"group": "history"},
            {"group": "utility"},
        ]
    },
}


RICH_TEXT_HELP = (
    "Paragraphs, headings from level 3, lists, quotes, links and emphasis. Anything else, "
    "pasted or typed as HTML, is removed on save."
)


class RichTextWidget(AdminProseEditorWidget):
    """The prose editor with our allow-list; `guide/static/guide/rich_text.js` gives it the
    field's label, language and direction and makes its toolbar a keyboard toolbar."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs, config={"extensions": RICH_TEXT_EXTENSIONS}, preset="configurable")

    @property
    def media(self) -> Any:
        return super().media + forms.Media(js=["guide/rich_text.js"])


def is_html_body(db_field: Any) -> bool:
    """A body cleaned as HTML on save (`SanitizedBodyMixin`), in any language."""
    base = getattr(db_field, "translated_field", db_field)
    model = getattr(db_field, "model", None)
    return base.name == "body" and isinstance(model, type) and issubclass(model, SanitizedBodyMixin)


class TranslatedWidget:
    """Mixed into a translated field's widget class (see `translated_widget`): renders the
    input inside an anchor, with the English source beside it when there is one."""

    attrs: dict[str, Any]  # the widget's
    language: Language
    field_name: str  # the model field translated ("body")
    html: bool = False
    anchor: str | None = None  # "text-sections.12.body-es"
    source: SafeString | None = None

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        inner = super().render(name, value, attrs, renderer)  # type: ignore[misc]
        source = ""
        if self.source is not None:
            input_id = (attrs or {}).get("id") or self.attrs.get("id", name)
            source = format_html(
                '<div class="source-text" id="{}_source"><p class="source-label">English '
                'source</p><div class="source-body" lang="en" dir="ltr">{}</div></div>',
                input_id,
                self.source,
            )
        return format_html(
            '<div class="translated-field"{}>{}<div class="translated-input">{}</div></div>',
            format_html(' id="{}"', self.anchor) if self.anchor else "",
            source,
            inner,
        )


_widget_classes: dict[type[forms.Widget], type[forms.Widget]] = {}


def translated_widget(widget_class: type[forms.Widget]) -> type[forms.Widget]:
    """The class of `widget_class` with `TranslatedWidget` mixed in, made once."""
    if widget_class not in _widget_classes:
        name = f"Translated{widget_class.__name__}"
        _widget_classes[widget_class] = type(name, (TranslatedWidget, widget_class), {})
    return _widget_classes[widget_class]


def decorate(field: forms.Field, db_field: TranslationField) -> None:
    """Language, direction, label and anchor of one translated form field."""
    language = get_language(db_field.language)
    if language is None:
        return
    widget = field.widget
    widget.__class__ = translated_widget(type(widget))
    translated: Any = widget
    translated.language = language
    translated.field_name = db_field.translated_field.name
    translated.html = is_html_body(db_field)
    widget.attrs.update(
        {
            "lang": language.tag,
            "dir": language.direction,
            "data-language": language.code,
            "data-language-name": language.name,
        }
    )
    base_label = str(db_field.translated_field.verbose_name)
    field.label = format_html(
        '{} (<span lang="{}" dir="{}">{}</span>)',
        base_label[:1].upper() + base_label[1:],
        language.tag,
        language.direction,
        language.name,
    )


def _rendered_source(value: str | None, html: bool) -> SafeString | None:
    if not value:
        return None
    return mark_safe(sanitize_html(value)) if html else format_html("{}", value)  # cleaned: safe


def annotate_form(form: forms.BaseForm, records: dict[Any, TextStatus]) -> None:
    """Per object: each translated input's anchor, status and English source."""
    obj: Model | None = getattr(form, "instance", None)
    if obj is None or obj.pk is None:
        return
    for name, field in form.fields.items():
        widget: Any = field.widget
        if not isinstance(widget, TranslatedWidget):
            continue
        code = widget.language.code
        path = text_path(obj, widget.field_name)
        widget.anchor = f"text-{path}-{code}" if path else None
        source = getattr(obj, build_localized_fieldname(widget.field_name, SOURCE_LANGUAGE), "")
        if code == SOURCE_LANGUAGE:
            continue
        widget.source = _rendered_source(source, widget.html)
        record = records.get(record_key(obj, widget.field_name, code))
        status, outdated = effective_status(getattr(obj, name, None), source, record)
        widget.attrs["data-status"] = status
        if outdated:
            widget.attrs["data-outdated"] = "true"


def _annotated_form(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    class Annotated(form_class):  # type: ignore[valid-type,misc]  # a class made per request
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            annotate_form(self, records_for([self.instance]) if self.instance.pk else {})

    Annotated.__name__ = form_class.__name__
    return Annotated


def _annotated_formset(formset_class: type[Any]) -> type[Any]:
    class Annotated(formset_class):  # a class made per request
        _records: dict[Any, TextStatus] | None = None

        def _construct_form(self, i: int, **kwargs: Any) -> Any:
            form = super()._construct_form(i, **kwargs)
            if self._records is None:  # one query for the whole formset
                self._records = records_for(o for o in self.get_queryset() if o.pk)
            annotate_form(form, self._records)
            return form

    Annotated.__name__ = formset_class.__name__
    return Annotated


ADMIN_MEDIA = forms.Media(
    js=["guide/language_tabs.js", "guide/unsaved_changes.js"],
    css={"all": ["guide/admin.css"]},
)


class TranslatedFieldsMixin(AnyAdminMixin):
    """For admins and inlines of translated content (see the module docstring)."""

    def formfield_for_dbfield(
        self, db_field: Field, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        html = is_html_body(db_field)
        if html:
            kwargs["widget"] = RichTextWidget
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and html:
            field.help_text = RICH_TEXT_HELP
        if field is not None and isinstance(db_field, TranslationField):
            decorate(field, db_field)
        return field

    @property
    def media(self) -> forms.Media:
        return super().media + ADMIN_MEDIA  # type: ignore[misc]  # a ModelAdmin's or inline's


class TranslationAdmin(TranslatedFieldsMixin, mt_admin.TranslationAdmin):
    """A ModelAdmin of translated content, its languages in tabs."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        return _annotated_form(super().get_form(request, obj, change=change, **kwargs))


class TranslationStackedInline(TranslatedFieldsMixin, mt_admin.TranslationStackedInline):
    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        return _annotated_formset(super().get_formset(request, obj, **kwargs))


class TranslationTabularInline(TranslatedFieldsMixin, mt_admin.TranslationTabularInline):
    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        return _annotated_formset(super().get_formset(request, obj, **kwargs))
