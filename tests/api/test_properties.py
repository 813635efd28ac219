"""Property-based tests (hypothesis) for the parsers that take input straight from clients.

Language negotiation, sync cursors and XLIFF import each face arbitrary text or bytes; these
tests state what must hold for all of it, not just for the cases someone thought of.
"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from api import sync
from api.negotiation import (
    UnsupportedLanguage,
    accept_language_problem,
    choose_language,
    from_accept_language,
    match_tag,
)
from guide.languages import all_languages, source_language
from guide.models import Guide
from guide.translating.texts import guide_texts
from guide.translating.xliff import (
    XLIFF_NAMESPACE,
    ImportResult,
    XliffImportError,
    export_xliff,
    import_xliff,
)

CONFIGURED = {language.code for language in all_languages()}
SERVED_TAGS = ["en", "es", "fr", "zh-Hans", "vi", "ar", "es-MX", "fr-CA", "zh-CN", "EN-gb"]
UNSERVED_TAGS = ["de", "ja", "zh-TW", "pt-BR", "x-klingon", "*", "sr-Cyrl"]

QUICK = settings(max_examples=300, deadline=None)

# --- Language negotiation --------------------------------------------------------------------


@QUICK
@given(lang=st.none() | st.text(max_size=60), header=st.text(max_size=600))
def test_negotiation_answers_a_configured_language_or_unsupported(lang, header):
    problem = accept_language_problem(header)  # never raises
    if problem is not None:
        # Reported only for a header that says something, from which no language is read.
        assert header.strip()
        assert from_accept_language(header) is None
        assert "Accept-Language" in problem and "?lang=" in problem
    try:
        language = choose_language(lang, header)
    except UnsupportedLanguage:
        assert lang is not None, "a header alone never makes a request fail"
        return
    assert language.code in CONFIGURED


@QUICK
@given(
    entries=st.lists(
        st.tuples(st.sampled_from(SERVED_TAGS + UNSERVED_TAGS), st.integers(0, 1000)),
        min_size=1,
        max_size=8,
    )
)
def test_accept_language_honours_q_values(entries):
    header = ", ".join(f"{tag};q={'1' if q == 1000 else f'0.{q:03d}'}" for tag, q in entries)
    # Highest q first; equal q values keep the client's order; q=0 means "not this one".
    ranked = sorted(entries, key=lambda entry: -entry[1])
    expected = next(
        (match_tag(tag) for tag, q in ranked if q > 0 and match_tag(tag) is not None), None
    )
    chosen = from_accept_language(header)
    assert chosen == expected
    assert choose_language(None, header) == (expected or source_language())
    assert accept_language_problem(header) is None


@QUICK
@given(tag=st.sampled_from(SERVED_TAGS), header=st.text(max_size=100))
def test_lang_parameter_beats_any_header(tag, header):
    assert choose_language(tag, header) == match_tag(tag)


# --- Sync cursors ----------------------------------------------------------------------------


@QUICK
@given(
    cursor=st.text(max_size=300),
    code=st.sampled_from(sorted(CONFIGURED)),
    issued=st.none()
    | st.tuples(
        st.integers(0, 2**63 - 1),
        st.booleans(),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    ),
)
def test_any_string_is_a_cursor_error_or_a_position(cursor, code, issued):
    """Arbitrary text, or a cursor the server issued (in the first sync or a delta)."""
    language = next(lang for lang in all_languages() if lang.code == code)
    if issued is not None:
        seq, initial, after = issued
        cursor = sync.make_cursor(sync.Position(seq, (code,), initial, after))
    try:
        position = sync.read_cursor(cursor, [language])
    except sync.CursorError as exc:
        assert issued is None, "a cursor the server issued is always read back"
        message = str(exc)
        assert "start over" in message.lower() or "was issued for" in message
        return
    # Accepted: it names this language, a position the counter can hold, and it is that
    # position's one spelling (a cursor is stable, so re-encoding gives the same string).
    assert position.languages == (code,)
    assert 0 <= position.seq < 2**63
    assert sync.make_cursor(position) == cursor
    if issued is not None:
        assert (position.seq, position.initial, position.after) == issued


@QUICK
@given(
    seq=st.integers(0, 2**63 - 1),
    code=st.sampled_from(sorted(CONFIGURED)),
    other=st.sampled_from(sorted(CONFIGURED)),
    tamper=st.integers(0, 10_000),
)
def test_cursor_round_trip_and_tampering(seq, code, other, tamper):
    by_code = {lang.code: lang for lang in all_languages()}
    cursor = sync.make_cursor(sync.Position(seq, (code,)))
    assert sync.read_cursor(cursor, [by_code[code]]).seq == seq
    if other != code:
        with pytest.raises(sync.CursorError):
            sync.read_cursor(cursor, [by_code[other]])
    position = tamper % len(cursor)
    replacement = "A" if cursor[position] != "A" else "B"
    altered = cursor[:position] + replacement + cursor[position + 1 :]
    with pytest.raises(sync.CursorError):
        sync.read_cursor(altered, [by_code[code]])


# --- XLIFF import ----------------------------------------------------------------------------


def database_state() -> str:
    """A digest of every row of the content app: any write changes it."""
    digest = hashlib.sha256()
    for model in apps.get_app_config("guide").get_models():
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def initial_state(guide) -> str:
    """The state before any example ran, computed once per test (examples roll back)."""
    if not hasattr(guide, "_initial_state"):
        guide._initial_state = database_state()
    return guide._initial_state


def _refused_or_applied(data: bytes, before: str) -> None:
    """Only the module's own error; when refused, nothing written. Each example runs in a
    savepoint rolled back afterwards, so an accepted file does not affect the next one."""
    with transaction.atomic():
        try:
            result = import_xliff(data)
        except XliffImportError as exc:
            assert exc.problems
            assert database_state() == before
        else:
            assert isinstance(result, ImportResult)
            if not result.updated:
                assert database_state() == before
            else:
                # Applied: only texts of that guide changed, and the file is then spent
                # (importing it again finds every unit unchanged and writes nothing).
                guide = Guide.objects.get(slug=result.slug)
                assert set(result.updated) <= {t.unit_id for t in guide_texts(guide)}
                assert len(set(result.updated)) == len(result.updated)
                applied = database_state()
                again = import_xliff(data)
                assert again.updated == [] and again.unchanged >= len(result.updated)
                assert database_state() == applied
        transaction.set_rollback(True)


XLIFF_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@XLIFF_SETTINGS
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_are_refused_without_writing(seeded, data):
    _refused_or_applied(data, initial_state(seeded))


mutation = st.tuples(
    st.sampled_from(["delete", "insert", "replace"]),
    st.integers(0, 10**9),
    st.binary(min_size=1, max_size=4),
)


@pytest.mark.django_db
@XLIFF_SETTINGS
@given(mutations=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_exports_are_refused_or_applied_cleanly(seeded, mutations):
    data = bytearray(export_xliff(seeded, "es"))
    for kind, at, chunk in mutations:
        at %= len(data) or 1
        if kind == "delete":
            del data[at : at + len(chunk)]
        elif kind == "insert":
            data[at:at] = chunk
        else:
            data[at : at + len(chunk)] = chunk
    _refused_or_applied(bytes(data), initial_state(seeded))


xml_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=40,
)


@pytest.mark.django_db
@XLIFF_SETTINGS
@given(
    original=st.sampled_from(["opzelura-atopic-dermatitis"]) | xml_text,
    target=st.sampled_from(["es", "ar", "en", "zh-Hans"]) | xml_text,
    units=st.lists(st.tuples(xml_text, xml_text, xml_text, xml_text), max_size=5),
)
def test_well_formed_but_wrong_files_are_refused(seeded, original, target, units):
    """Well-formed XLIFF with arbitrary guide, language, ids, sources, notes and targets."""
    ns = f"{{{XLIFF_NAMESPACE}}}"
    root = etree.Element(f"{ns}xliff", nsmap={None: XLIFF_NAMESPACE}, version="1.2")
    file_node = etree.SubElement(root, f"{ns}file", original=original, datatype="html")
    file_node.set("source-language", "en")
    file_node.set("target-language", target)
    body = etree.SubElement(file_node, f"{ns}body")
    for uid, source, note, translation in units:
        unit = etree.SubElement(body, f"{ns}trans-unit", id=uid)
        etree.SubElement(unit, f"{ns}source").text = source
        etree.SubElement(unit, f"{ns}target").text = translation
        etree.SubElement(unit, f"{ns}note", **{"from": "source-fingerprint"}).text = note
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    _refused_or_applied(data, initial_state(seeded))
