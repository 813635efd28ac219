"""Partner origins are host names or addresses, nothing that could bend a CSP or CORS."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from api.partners.keys import normalise_origin, partner_origins
from api.partners.models import Partner


@pytest.mark.parametrize(
    "origin",
    [
        "https://*",
        "https://*.example.com",
        "https://a.example;script-src",
        "https://a.example script-src 'unsafe-inline'",
        "https://a b.com",
        "https://a.example,https://b.example",
        "https://-bad.example",
        "https://a..example",
        "https://user@a.example",
        "https://a.example'",
    ],
)
def test_origins_that_are_not_host_names_are_refused(db, origin):
    partner = Partner(name="Clinic", slug="clinic", origins=origin)
    with pytest.raises(ValidationError):
        partner.full_clean()
    assert normalise_origin(origin) is None


@pytest.mark.parametrize(
    ("origin", "normalised"),
    [
        ("https://Bücher.example", "https://xn--bcher-kva.example"),
        ("https://clinic.example.org:8443/", "https://clinic.example.org:8443"),
        ("http://[2001:db8::1]:8080", "http://[2001:db8::1]:8080"),
        ("https://203.0.113.5", "https://203.0.113.5"),
    ],
)
def test_real_origins_are_kept_in_the_form_browsers_send(origin, normalised):
    assert normalise_origin(origin) == normalised


def test_a_bad_origin_saved_around_the_form_never_reaches_csp_or_cors(db):
    Partner.objects.create(
        name="Clinic", slug="clinic", origins="https://*\nhttps://ok.example;x\nhttps://ok.example"
    )
    assert partner_origins() == {"clinic": ["https://ok.example"]}
