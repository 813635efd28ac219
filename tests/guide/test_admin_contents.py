"""A guide's content on pages of its own: no admin page grows with the guide."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from guide.models import FAQEntry, Guide, Reference, Section
from guide.roles import EDITOR_GROUP, TRANSLATOR_GROUP, sync_roles
from tests.support import big_guide
from tests.support.admin_browser import signed_in_context
from tests.support.admin_forms import change_form_data
from tests.support.browser import AXE_SOURCE, AXE_TAGS
from tests.support.roles import role_user

# Fields a page may post, whatever the guide's length: a fifth of Django's limit.
FIELD_BOUND = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS // 5


def posted(client, url: str, form_id: str) -> dict[str, list[str]]:
    return change_form_data(client.get(url).content.decode(), form_id)


def field_count(data: dict[str, list[str]]) -> int:
    return sum(len(values) for values in data.values())


@pytest.fixture
def editor(db) -> User:
    sync_roles()
    return role_user(EDITOR_GROUP)


@pytest.fixture
def long_and_short(db) -> tuple[Guide, Guide]:
    """The 200-section guide and one of the same shape with 10 sections."""
    return big_guide.create(), big_guide.create(slug="ten-sections", top_level=2)


def first_section(guide: Guide) -> Section:
    return Section.objects.filter(guide=guide, parent=None).order_by("order").first()


def test_pages_of_a_200_section_guide_post_as_many_fields_as_a_short_one(
    client, editor, long_and_short
):
    long, short = long_and_short
    client.force_login(editor)
    pages = [
        ("/admin/guide/guide/{}/change/", "guide_form", lambda g: g.pk),
        ("/admin/guide/section/{}/change/", "section_form", lambda g: first_section(g).pk),
    ]
    for pattern, form_id, pk in pages:
        counts = {
            g.slug: field_count(posted(client, pattern.format(pk(g)), form_id))
            for g in (long, short)
        }
        assert counts[long.slug] == counts[short.slug] < FIELD_BOUND, (pattern, counts)

    # Both pages of the long guide save, with the change kept.
    revision = long.revision
    url = f"/admin/guide/guide/{long.pk}/change/"
    data = posted(client, url, "guide_form")
    data["title_es"] = ["Una guía larga, revisada"]
    response = client.post(url, {**data, "_continue": "Save"})
    assert response.status_code == 302, response.content.decode()[:2000]
    section = first_section(long)
    url = f"/admin/guide/section/{section.pk}/change/"
    data = posted(client, url, "section_form")
    data["heading_es"] = ["Parte cero"]
    response = client.post(url, {**data, "_continue": "Save"})
    assert response.status_code == 302, response.content.decode()[:2000]
    long.refresh_from_db()
    section.refresh_from_db()
    assert (long.title_es, section.heading_es) == ("Una guía larga, revisada", "Parte cero")
    assert long.revision == revision + 2  # one edit each: the next page's lock sees both


def test_contents_panel_counts_and_links_to_lists_filtered_to_the_guide(
    client, editor, long_and_short
):
    long, _short = long_and_short
    client.force_login(editor)
    page = client.get(f"/admin/guide/guide/{long.pk}/change/").content.decode()
    assert "40 sections, 160 subsections" in page
    assert "40 FAQ entries" in page and "0 references" in page
    sections = f"/admin/guide/section/?guide__id__exact={long.pk}&amp;level=top"
    assert f'href="{sections}"' in page
    assert f'href="/admin/guide/section/add/?guide={long.pk}"' in page
    assert f'href="/admin/guide/faqentry/add/?guide={long.pk}"' in page
    assert page.count('name="_continue"') == 2  # Save at the top as well as at the bottom

    # The section list: this guide's 40 top-level sections in order, a page at a time.
    listing = client.get(sections.replace("&amp;", "&")).content.decode()
    assert listing.count('name="form-') > 0
    assert listing.count("add a subsection") == 40
    everything = client.get(f"/admin/guide/section/?guide__id__exact={long.pk}")
    assert len(everything.context["cl"].result_list) == 50  # of 200: paginated
    assert everything.context["cl"].paginator.num_pages == 4
    shown_all = client.get(f"/admin/guide/section/?guide__id__exact={long.pk}&all=")
    assert len(shown_all.context["cl"].result_list) == 50  # "show all" stays bounded


def test_order_is_edited_on_the_list(client, editor, long_and_short):
    long, _short = long_and_short
    client.force_login(editor)
    url = f"/admin/guide/faqentry/?guide__id__exact={long.pk}"
    data = change_form_data(client.get(url).content.decode(), "changelist-form")
    assert field_count(data) < FIELD_BOUND
    last = FAQEntry.objects.filter(guide=long).order_by("-order").first()
    revision = long.revision
    row = next(k for k, v in data.items() if k.endswith("-id") and v == [str(last.pk)])
    data[row.replace("-id", "-order")] = ["0"]
    data.pop("action", None)
    response = client.post(url, {**data, "_save": "Save"})
    assert response.status_code == 302
    last.refresh_from_db()
    long.refresh_from_db()
    assert last.order == 0 and long.revision == revision + 1
    assert last.history.first().history_user == editor


def test_add_pages_are_pre_filled_and_offer_only_the_guides_own(client, editor, long_and_short):
    long, short = long_and_short
    mine = Reference.objects.create(guide=long, key="mine", title="A source of this guide")
    Reference.objects.create(guide=short, key="theirs", title="A source of another guide")
    parent = first_section(long)
    client.force_login(editor)
    page = client.get(f"/admin/guide/section/add/?guide={long.pk}&parent={parent.pk}")
    form = page.context["adminform"].form
    assert form.initial["guide"] == str(long.pk) and form.initial["parent"] == str(parent.pk)
    assert list(form.fields["references"].queryset) == [mine]
    parents = form.fields["parent"].queryset
    assert parents.count() == 40 and not parents.exclude(guide=long).exists()

    entry = FAQEntry.objects.filter(guide=long).first()
    page = client.get(f"/admin/guide/faqentry/{entry.pk}/change/")
    assert list(page.context["adminform"].form.fields["references"].queryset) == [mine]
    add = client.get(f"/admin/guide/faqentry/add/?guide={long.pk}")
    assert add.context["adminform"].form.initial["guide"] == str(long.pk)

    # A posted citation from another guide is refused with a form error, not saved.
    data = posted(client, f"/admin/guide/faqentry/{entry.pk}/change/", "faqentry_form")
    data["references"] = [str(Reference.objects.get(key="theirs").pk)]
    response = client.post(f"/admin/guide/faqentry/{entry.pk}/change/", data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not entry.references.exists()


def test_translators_see_no_order_inputs_nor_add_links(client, long_and_short):
    long, _short = long_and_short
    sync_roles()
    client.force_login(role_user(TRANSLATOR_GROUP))
    page = client.get(f"/admin/guide/guide/{long.pk}/change/").content.decode()
    assert "40 FAQ entries" in page and "add an FAQ entry" not in page
    assert "0 references" not in page  # translators hold no references
    listing = client.get(f"/admin/guide/faqentry/?guide__id__exact={long.pk}").content.decode()
    assert 'name="form-0-order"' not in listing


def axe_within(page, selector: str) -> list[dict]:
    """axe-core's violations inside what this project draws (Django's own markup aside)."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async ([sel, tags]) => await axe.run({include: [sel]}, "
        "{runOnly: {type: 'tag', values: tags}})",
        [selector, AXE_TAGS],
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


@pytest.mark.django_db(transaction=True)
def test_a_spanish_title_of_the_200_section_guide_is_saved_in_chromium(browser, live_server):
    guide = big_guide.create()
    sync_roles()
    context = signed_in_context(browser, live_server.url, role_user(EDITOR_GROUP))
    page = context.new_page()
    page.goto(f"/admin/guide/guide/{guide.pk}/change/")
    assert axe_within(page, ".field-contents") == []
    page.click('[role=tab][data-field="id_title_es"]')
    page.fill("#id_title_es", "Una guía larga (200 secciones)")
    page.locator('input[name="_save"]').last.click()
    page.wait_for_selector(".messagelist .success")
    guide.refresh_from_db()
    assert guide.title_es == "Una guía larga (200 secciones)"

    # From the contents panel to the guide's sections, a page of 40 in order.
    page.goto(f"/admin/guide/guide/{guide.pk}/change/")
    page.locator(".field-contents a", has_text="list, edit and reorder").first.click()
    page.wait_for_selector("#changelist-form")
    assert page.locator("#result_list tbody tr").count() == 40
    page.goto(f"/admin/guide/guide/{guide.pk}/glossary-candidates/")
    assert axe_within(page, "#content") == []
    context.close()
