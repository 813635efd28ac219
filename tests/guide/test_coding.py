"""Coded subjects: code formats, the ICD-10-CM hierarchy rule, and matching published guides."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from guide.coded_subjects import matching_subjects
from guide.coding import (
    BY_OID,
    BY_URI,
    CodeError,
    broader_codes,
    normalise_code,
    verhoeff_valid,
)
from guide.models import CodedSubject, Guide
from guide.publishing import withdraw
from tests.support.guides import SEED_SLUG


def test_seed_guide_has_exactly_the_verified_codes(seeded):
    codes = set(seeded.coded_subjects.values_list("system", "code", "kind"))
    assert codes == {("icd10cm", "L20", "condition"), ("snomedct", "24079001", "condition")}
    assert not seeded.coded_subjects.filter(system="rxnorm").exists()


@pytest.mark.parametrize(
    ("system", "raw", "expected"),
    [
        ("icd10cm", "L20", "L20"),
        ("icd10cm", " l20.9 ", "L20.9"),
        ("icd10cm", "L209", "L20.9"),
        ("icd10cm", "L2084", "L20.84"),
        ("snomedct", "24079001", "24079001"),
        ("rxnorm", "1049502", "1049502"),
    ],
)
def test_codes_are_normalised(system, raw, expected):
    assert normalise_code(system, raw) == expected


@pytest.mark.parametrize(
    ("system", "raw"),
    [
        ("icd10cm", "L2"),
        ("icd10cm", "20.9"),
        ("icd10cm", "L20.98765"),
        ("icd10cm", "L20.9;DROP"),
        ("snomedct", "24079002"),  # wrong Verhoeff check digit
        ("snomedct", "L20"),
        ("snomedct", "0024079001"),
        ("rxnorm", "RX123"),
        ("loinc", "4548-4"),
    ],
)
def test_malformed_codes_are_refused(system, raw):
    with pytest.raises(CodeError):
        normalise_code(system, raw)


def test_verhoeff_check_digit():
    assert verhoeff_valid("24079001")
    assert verhoeff_valid("44054006")  # diabetes mellitus type 2, the spec's example
    assert not verhoeff_valid("44054007")


def test_icd10cm_hierarchy_is_a_prefix_on_the_dotted_code():
    assert broader_codes("icd10cm", "L20.84") == ["L20.84", "L20.8", "L20"]
    assert broader_codes("icd10cm", "L20") == ["L20"]
    assert broader_codes("snomedct", "24079001") == ["24079001"]


def test_oids_and_fhir_uris_name_the_three_systems():
    assert BY_OID["2.16.840.1.113883.6.90"].key == "icd10cm"
    assert BY_OID["2.16.840.1.113883.6.96"].key == "snomedct"
    assert BY_OID["2.16.840.1.113883.6.88"].key == "rxnorm"
    assert BY_URI["http://snomed.info/sct"].key == "snomedct"


def test_matching_published_guides(seeded):
    assert [s.guide.slug for s in matching_subjects("icd10cm", "L20.9")] == [SEED_SLUG]
    assert [s.guide.slug for s in matching_subjects("icd10cm", "L20.84")] == [SEED_SLUG]
    assert [s.guide.slug for s in matching_subjects("snomedct", "24079001")] == [SEED_SLUG]
    assert matching_subjects("icd10cm", "L21.0") == []
    assert matching_subjects("snomedct", "44054006") == []


def test_the_most_specific_code_wins_and_a_specific_code_does_not_match_its_siblings(seeded):
    CodedSubject.objects.create(
        guide=seeded,
        system="icd10cm",
        code="L20.8",
        display="Other atopic dermatitis",
        verified_against="test",
    )
    [subject] = matching_subjects("icd10cm", "L20.84")
    assert subject.code == "L20.8"
    [subject] = matching_subjects("icd10cm", "L20.9")
    assert subject.code == "L20"


def test_withdrawn_guides_are_not_matched(seeded):
    withdraw(Guide.objects.get(pk=seeded.pk))
    assert matching_subjects("icd10cm", "L20.9") == []


def test_admin_validation_refuses_bad_codes_and_mismatched_kinds(seeded):
    subject = CodedSubject(
        guide=seeded, kind="condition", system="icd10cm", code="l209", display="x", order=1
    )
    subject.verified_against = "test"
    subject.full_clean()
    assert subject.code == "L20.9"
    with pytest.raises(ValidationError, match="ICD-10-CM"):
        CodedSubject(
            guide=seeded, system="icd10cm", code="XYZ", display="x", verified_against="t"
        ).full_clean()
    with pytest.raises(ValidationError, match="RxNorm"):
        CodedSubject(
            guide=seeded,
            kind="condition",
            system="rxnorm",
            code="1049502",
            display="x",
            verified_against="t",
        ).full_clean()
    with pytest.raises(ValidationError, match="verified_against"):
        CodedSubject(guide=seeded, system="snomedct", code="24079001", display="x").full_clean()
