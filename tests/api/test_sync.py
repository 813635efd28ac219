"""Delta sync: no change is missed, whatever editors do while a client syncs."""

from __future__ import annotations

import threading
from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection, transaction

from api.sync import Position, make_cursor, read_cursor
from guide.accessibility_analysis.glossary_terms import import_glossary
from guide.languages import get_language
from guide.models import ChangeSequence, GlossaryTerm, Guide, GuideChange
from guide.publishing import publish, withdraw
from tests.support.guides import SEED_SLUG, about_section

SYNC = "/api/v1/sync/"


def test_full_sync_then_nothing_new(http):
    full = http.get(SYNC, params={"lang": "es"}).json()
    assert full["full"] is True
    assert [g["slug"] for g in full["guides"]] == [SEED_SLUG]
    assert full["guides"][0]["language"] == "es"
    delta = http.get(SYNC, params={"lang": "es", "cursor": full["cursor"]}).json()
    assert delta["full"] is False
    assert delta["guides"] == [] and delta["deleted"] == []
    assert delta["has_more"] is False


def test_republish_appears_in_the_next_delta(http, commit):
    cursor = http.get(SYNC).json()["cursor"]
    with commit():
        publish(Guide.objects.get(slug=SEED_SLUG), note="again")
    delta = http.get(SYNC, params={"cursor": cursor}).json()
    assert [(g["slug"], g["version"]) for g in delta["guides"]] == [(SEED_SLUG, 2)]
    follow = http.get(SYNC, params={"cursor": delta["cursor"]}).json()
    assert follow["guides"] == []


def test_publish_then_withdraw_in_one_window_is_a_deletion(http, commit):
    cursor = http.get(SYNC).json()["cursor"]
    guide = Guide.objects.get(slug=SEED_SLUG)
    with commit():
        publish(guide)
        withdraw(guide)
    delta = http.get(SYNC, params={"cursor": cursor}).json()
    assert delta["guides"] == [] and delta["deleted"] == [SEED_SLUG]


@pytest.mark.postgres_only("a publishing transaction left open while another connection syncs")
def test_a_publish_committing_during_a_sync_is_picked_up_by_the_next_cursor(live_http):
    http = live_http
    cursor = http.get(SYNC).json()["cursor"]
    inside = threading.Event()
    release = threading.Event()
    errors = []

    def slow_publish():
        try:
            with transaction.atomic():
                publish(Guide.objects.get(slug=SEED_SLUG), note="slow")
                inside.set()
                release.wait(60)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_publish)
    thread.start()
    assert inside.wait(60)  # a publish renders every representation: slow on a busy machine
    during = http.get(SYNC, params={"cursor": cursor}).json()
    assert during["guides"] == []  # not committed yet: invisible, and the cursor did not pass it
    release.set()
    thread.join(60)
    assert not errors
    after = http.get(SYNC, params={"cursor": during["cursor"]}).json()
    assert [(g["slug"], g["version"]) for g in after["guides"]] == [(SEED_SLUG, 2)]


@pytest.mark.postgres_only("concurrent publishing transactions and the change counter's row lock")
def test_many_concurrent_publishes_are_all_seen(live_http):
    http = live_http
    cursor = http.get(SYNC).json()["cursor"]
    seen_order: list[int] = []

    def publisher():
        try:
            for _ in range(5):
                publish(Guide.objects.get(slug=SEED_SLUG))
        finally:
            connection.close()

    threads = [threading.Thread(target=publisher) for _ in range(2)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        page = http.get(SYNC, params={"cursor": cursor}).json()
        seen_order.extend(g["version"] for g in page["guides"])
        cursor = page["cursor"]
    for t in threads:
        t.join()
    page = http.get(SYNC, params={"cursor": cursor}).json()
    seen_order.extend(g["version"] for g in page["guides"])
    cursor = page["cursor"]
    # Each page answers with the guide's current version: the client never steps back to an
    # older one, ends on the last of 1 + 2 x 5 publishes, and the cursor then has nothing left.
    assert seen_order == sorted(seen_order)
    assert seen_order[-1] == 11
    final = http.get(SYNC, params={"cursor": cursor}).json()
    assert final["guides"] == [] and final["deleted"] == [] and final["has_more"] is False


@pytest.mark.parametrize("cursor", ["", "garbage", "eyJzIjoxfQ:1abc:xyz", "a" * 500])
def test_malformed_cursor_is_400_telling_to_start_over(http, cursor):
    response = http.get(SYNC, params={"cursor": cursor})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/problems/invalid-cursor"
    assert "start over" in body["detail"].lower()


def test_cursor_is_bound_to_its_language(http):
    cursor = http.get(SYNC, params={"lang": "es"}).json()["cursor"]
    response = http.get(SYNC, params={"lang": "ar", "cursor": cursor})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "This cursor was issued for 'es', not 'ar'. Send the same `lang` as the first sync, "
        "or sync without a cursor to start over."
    )


def test_a_sync_in_several_languages_carries_each_guide_in_each(http, commit):
    full = http.get(SYNC, params={"lang": "es,ar"}).json()
    assert [(g["slug"], g["language"]) for g in full["guides"]] == [
        (SEED_SLUG, "es"),
        (SEED_SLUG, "ar"),
    ]
    with commit():
        publish(Guide.objects.get(slug=SEED_SLUG))
    delta = http.get(SYNC, params={"lang": "es,ar", "cursor": full["cursor"]}).json()
    assert [(g["language"], g["version"]) for g in delta["guides"]] == [("es", 2), ("ar", 2)]


def test_each_synced_guide_carries_the_validators_of_its_own_address(http):
    item = http.get(SYNC, params={"lang": "es"}).json()["guides"][0]
    own = http.get(f"/api/v1/guides/{SEED_SLUG}/", params={"lang": "es"})
    assert item["etag"] == own.headers["ETag"]
    assert parsedate_to_datetime(own.headers["Last-Modified"]) == datetime.fromisoformat(
        item["last_modified"]
    ).replace(microsecond=0)


# Issued by this release with this secret: clients keep cursors across deployments, so the
# encoding may not change under them (a new format gets a new number and still reads these).
PINNED_SECRET = "a-fixed-secret-for-this-test-only-0123456789"
PINNED = {
    "eoLWWOILCL9CWcefzH9ua_HnJr0lHHbopG8ywg8OyFoNCatc6ug": Position(5, ("es", "ar")),
    "f8TW7CTokIxCGgWldL0G7_I4LXSywMClQxODR0V6XoIQuC7tX3WcC4FIPxE_7jby5a3Tfc4TVumwro9AxA": (
        Position(7, ("en",), True, SEED_SLUG, b"abcdef")
    ),
}


@pytest.mark.parametrize(("cursor", "position"), list(PINNED.items()))
def test_cursors_issued_earlier_read_back_to_the_same_position(settings, cursor, position):
    settings.SECRET_KEY = PINNED_SECRET
    languages = [get_language(code) for code in position.languages]
    assert make_cursor(position) == cursor
    assert read_cursor(cursor, languages) == position


def test_cursors_issued_in_the_older_signed_form_are_still_honoured(http, settings):
    from django.core import signing

    legacy = signing.dumps({"s": 0, "l": "en"}, salt="api.sync.cursor")
    delta = http.get(SYNC, params={"cursor": legacy})
    assert delta.status_code == 200
    assert [g["slug"] for g in delta.json()["guides"]] == [SEED_SLUG]
    settings.SYNC_CURSOR_MAX_AGE_SECONDS = -1
    response = http.get(SYNC, params={"cursor": legacy})
    assert response.status_code == 400
    assert "expired" in response.json()["detail"]


def test_a_cursor_is_stable_so_an_unchanged_sync_is_a_304(http):
    first = http.get(SYNC, params={"lang": "ar"})
    cursor = first.json()["cursor"]
    again = http.get(SYNC, params={"lang": "ar", "cursor": cursor})
    assert again.json()["cursor"] == cursor
    later = http.get(
        SYNC,
        params={"lang": "ar", "cursor": cursor},
        headers={"If-None-Match": again.headers["ETag"]},
    )
    assert later.status_code == 304


def test_a_cached_copy_older_than_the_change_feed_is_never_synced(http):
    """Between a publish's commit and the cache purge that follows it, a sync must not hand
    out the previous version while moving the cursor past the new one."""
    cursor = http.get(SYNC).json()["cursor"]
    assert http.get(f"/api/v1/guides/{SEED_SLUG}/").json()["version"] == 1  # now cached
    publish(Guide.objects.get(slug=SEED_SLUG), note="purge still pending")  # no commit hooks
    delta = http.get(SYNC, params={"cursor": cursor}).json()
    assert [(g["slug"], g["version"]) for g in delta["guides"]] == [(SEED_SLUG, 2)]


def new_guide(slug: str) -> Guide:
    """A small guide beside the seeded one; slugs sort around it ("aa-" < "opzelura" < "zz-")."""
    guide = Guide.objects.create(slug=slug, title_en=slug, title_es=slug, title_ar=slug)
    about_section(guide).save()
    return guide


def slugs(page: dict) -> list[str]:
    return [g["slug"] for g in page["guides"]]


def test_the_first_sync_comes_in_pages_until_has_more_is_false(http, commit, settings):
    settings.SYNC_FULL_PAGE_SIZE = 2
    with commit():
        publish(new_guide("aa-first"))
        publish(new_guide("zz-last"))
    first = http.get(SYNC, params={"lang": "en"}).json()
    assert (slugs(first), first["full"], first["has_more"]) == (["aa-first", SEED_SLUG], True, True)
    second = http.get(SYNC, params={"lang": "en", "cursor": first["cursor"]}).json()
    assert (slugs(second), second["full"], second["has_more"]) == (["zz-last"], True, False)
    delta = http.get(SYNC, params={"lang": "en", "cursor": second["cursor"]}).json()
    assert (slugs(delta), delta["full"], delta["has_more"]) == ([], False, False)


def test_a_first_sync_that_fills_exactly_one_page_has_no_more(http, commit, settings):
    settings.SYNC_FULL_PAGE_SIZE = 2
    with commit():
        publish(new_guide("aa-first"))
    page = http.get(SYNC, params={"lang": "en"}).json()
    assert (slugs(page), page["has_more"]) == (["aa-first", SEED_SLUG], False)


def test_deltas_come_in_pages_of_the_change_feed(http, commit, settings):
    settings.SYNC_PAGE_SIZE = 2
    cursor = http.get(SYNC, params={"lang": "en"}).json()["cursor"]
    with commit():
        publish(new_guide("zz-last"))
        publish(new_guide("aa-first"))
        withdraw(Guide.objects.get(slug=SEED_SLUG))
    first = http.get(SYNC, params={"lang": "en", "cursor": cursor}).json()
    # The first two changes, in the order they were made; the withdrawal waits for the next.
    assert (slugs(first), first["deleted"], first["has_more"]) == (
        ["zz-last", "aa-first"],
        [],
        True,
    )
    second = http.get(SYNC, params={"lang": "en", "cursor": first["cursor"]}).json()
    assert (slugs(second), second["deleted"], second["has_more"]) == ([], [SEED_SLUG], False)
    third = http.get(SYNC, params={"lang": "en", "cursor": second["cursor"]}).json()
    assert (slugs(third), third["deleted"], third["has_more"]) == ([], [], False)


def test_a_delta_of_exactly_one_page_has_no_more(http, commit, settings):
    settings.SYNC_PAGE_SIZE = 2
    cursor = http.get(SYNC, params={"lang": "en"}).json()["cursor"]
    with commit():
        publish(new_guide("aa-first"))
        publish(new_guide("zz-last"))
    page = http.get(SYNC, params={"lang": "en", "cursor": cursor}).json()
    assert (slugs(page), page["has_more"]) == (["aa-first", "zz-last"], False)


def test_the_first_publish_into_an_empty_change_feed_reaches_the_client(http, commit):
    GuideChange.objects.all().delete()
    ChangeSequence.objects.all().delete()  # a catalogue nothing was ever published through
    cursor = http.get(SYNC, params={"lang": "en"}).json()["cursor"]
    with commit():
        publish(new_guide("aa-first"))  # change number 1
    delta = http.get(SYNC, params={"lang": "en", "cursor": cursor}).json()
    assert slugs(delta) == ["aa-first"]


def test_the_glossary_comes_with_the_first_sync_and_again_only_when_it_changed(http, commit):
    import_glossary()
    guide = Guide.objects.get(slug=SEED_SLUG)
    with commit():
        publish(guide, note="with the glossary")  # a publish makes the glossary public
    full = http.get(SYNC, params={"lang": "es,ar"}).json()
    assert [g["language"] for g in full["glossaries"]] == ["es", "ar"]
    assert any(term["slug"] == "eczema" for term in full["glossaries"][0]["terms"])
    with commit():
        publish(guide, note="the glossary as it was")
    same = http.get(SYNC, params={"lang": "es,ar", "cursor": full["cursor"]}).json()
    assert [g["version"] for g in same["guides"]] == [3, 3]
    assert same["glossaries"] == []  # the client holds this glossary already
    term = GlossaryTerm.objects.get(slug="eczema")
    term.definition_es = "Una definición revisada."
    term.save()
    with commit():
        publish(guide, note="with the edited glossary")
    changed = http.get(SYNC, params={"lang": "es,ar", "cursor": same["cursor"]}).json()
    (spanish, _arabic) = changed["glossaries"]
    eczema = next(t for t in spanish["terms"] if t["slug"] == "eczema")
    assert eczema["definition"] == "Una definición revisada."
    quiet = http.get(SYNC, params={"lang": "es,ar", "cursor": changed["cursor"]}).json()
    assert quiet["glossaries"] == [] and quiet["guides"] == []
