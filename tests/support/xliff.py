"""Editing XLIFF files as a translation tool would, and reading back what was imported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from guide.models import Guide, TextStatus
from guide.translating.texts import guide_texts
from guide.translating.xliff import XLIFF_NAMESPACE, XliffImportError, import_xliff

NS = {"x": XLIFF_NAMESPACE}


def units(data: bytes) -> dict[str, etree._Element]:
    """The trans-units of a file, by id."""
    root = etree.fromstring(data)
    return {u.get("id"): u for u in root.iterfind(".//x:trans-unit", NS)}


def set_target(unit: etree._Element, text: str, **attrs: str) -> None:
    """Write a translation as a CAT tool does (`state_qualifier="mt-suggestion"` etc.)."""
    target = unit.find("x:target", NS)
    if target is None:
        target = etree.SubElement(unit, f"{{{XLIFF_NAMESPACE}}}target")
    target.text = text
    for name in ("state", "state-qualifier"):
        target.attrib.pop(name, None)
    target.set("state", "translated")
    for name, value in attrs.items():
        target.set(name.replace("_", "-"), value)


def serialize(data: bytes, edit: Callable[[dict[str, Any], Any], object]) -> bytes:
    """The file after `edit(units by id, root)` changed it in place."""
    root = etree.fromstring(data)
    edit({u.get("id"): u for u in root.iterfind(".//x:trans-unit", NS)}, root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def translations(guide: Guide, code: str) -> dict[str, str]:
    """A guide's texts in one language, by XLIFF unit id."""
    return {t.unit_id: t.value(code) for t in guide_texts(guide)}


def status_rows() -> list[dict[str, Any]]:
    """Every translation status record, to compare before and after an import."""
    return list(TextStatus.objects.order_by("pk").values())


def assert_refused_and_unchanged(guide: Guide, data: bytes, **kwargs: Any) -> list[str]:
    """Import `data`, expect it refused whole, and check nothing of the guide changed;
    returns the problems the refusal listed."""
    before = (translations(guide, "es"), translations(guide, "ar"), status_rows())
    with pytest.raises(XliffImportError) as refused:
        import_xliff(data, **kwargs)
    assert (translations(guide, "es"), translations(guide, "ar"), status_rows()) == before
    return [str(p) for p in refused.value.problems]
