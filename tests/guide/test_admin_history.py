"""Historical records of guide content can be viewed and reverted in the admin."""

from __future__ import annotations

import pytest

from guide.models import ComparisonTable, Guide, Section, TableRow


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Guide, Section, ComparisonTable, TableRow])
def test_history_record_pages_open(seeded, admin_client, model):
    obj = model.objects.first() if model is not Guide else seeded
    record = obj.history.first()
    assert record is not None
    name = model._meta.model_name
    page = admin_client.get(f"/admin/guide/{name}/{obj.pk}/history/{record.history_id}/")
    assert page.status_code == 200, page.content[:300]
    assert b"Revert" in page.content or b"revert" in page.content
