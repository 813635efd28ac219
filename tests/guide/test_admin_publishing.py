"""Publishing in the guide admin shows each role only what it may do."""

from __future__ import annotations

import pytest
from django.test import Client

from guide.models import Guide
from guide.roles import EDITOR_GROUP, REVIEWER_GROUP, TRANSLATOR_GROUP
from tests.support.roles import role_user

PUBLISHING_LINKS = ("Publish the working copy", "Withdraw from the API", "republish this content")
PUBLISHING_ACTIONS = ('value="publish_selected"', 'value="withdraw_selected"')


def client_for(group: str) -> Client:
    client = Client()
    client.force_login(role_user(group))
    return client


@pytest.mark.parametrize("group", [EDITOR_GROUP, TRANSLATOR_GROUP])
def test_editors_and_translators_see_no_publishing_links_or_actions(seeded, group):
    assert seeded.status == Guide.Status.PUBLISHED and seeded.versions.exists()
    client = client_for(group)
    page = client.get(f"/admin/guide/guide/{seeded.pk}/change/").content.decode()
    for text in PUBLISHING_LINKS:
        assert text not in page, text
    assert "medical reviewers publish, withdraw and republish guides" in page
    listing = client.get("/admin/guide/guide/").content.decode()
    assert 'value="export_xliff_action"' in listing
    for option in PUBLISHING_ACTIONS:
        assert option not in listing, option
    # The action asked for anyway, as a crafted form would: not run.
    client.post(
        "/admin/guide/guide/",
        {"action": "withdraw_selected", "_selected_action": [seeded.pk], "index": 0},
    )
    seeded.refresh_from_db()
    assert seeded.status == Guide.Status.PUBLISHED


def test_reviewers_see_every_publishing_link_and_action(seeded):
    client = client_for(REVIEWER_GROUP)
    page = client.get(f"/admin/guide/guide/{seeded.pk}/change/").content.decode()
    for text in PUBLISHING_LINKS:
        assert text in page, text
    listing = client.get("/admin/guide/guide/").content.decode()
    for option in PUBLISHING_ACTIONS:
        assert option in listing, option
