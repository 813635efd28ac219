from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


PARTNERS_BEFORE = [("api", "0008_rendered_encodings"), ("partners", None)]


@pytest.mark.django_db(transaction=True)
def test_partner_models_move_to_their_app_with_their_rows_and_permissions():
    """partners 0001 / api 0009: the tables stay, and the content types move with the models,
    so a group's partner permissions and the admin log keep pointing at them."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from api.partners.models import ApiKey, Partner

    executor = MigrationExecutor(connection)
    executor.migrate(PARTNERS_BEFORE)
    old = executor.loader.project_state(PARTNERS_BEFORE[:1]).apps
    OldPartner = old.get_model("api", "Partner")
    partner = OldPartner.objects.create(name="Clinic", slug="clinic")
    old.get_model("api", "ApiKey").objects.create(
        partner_id=partner.pk, name="site", prefix="abcd1234", digest="0" * 64
    )
    OldContentType = old.get_model("contenttypes", "ContentType")
    ct = OldContentType.objects.get(app_label="api", model="partner")
    Permission = old.get_model("auth", "Permission")
    group = old.get_model("auth", "Group").objects.create(name="Partner desk")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="api", codename__in=["manage_keys", "view_apikey"]
        )
    )
    user = User.objects.create_user("desk", password="x", is_staff=True)
    user.groups.add(group.pk)
    LogEntry.objects.create(
        user_id=user.pk,
        content_type_id=ct.pk,
        object_id=str(partner.pk),
        object_repr="Clinic",
        action_flag=CHANGE,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    moved = Partner.objects.get(slug="clinic")
    assert ApiKey.objects.get(prefix="abcd1234").partner == moved
    assert ContentType.objects.get_for_model(Partner).pk == ct.pk
    assert ContentType.objects.get_for_model(Partner).app_label == "partners"
    assert not ContentType.objects.filter(app_label="api", model="partner").exists()
    user = User.objects.get(pk=user.pk)
    assert user.has_perm("partners.manage_keys")
    assert user.has_perm("partners.view_apikey")
    assert not user.has_perm("partners.delete_partner")
    assert LogEntry.objects.get(object_repr="Clinic").get_edited_object() == moved
