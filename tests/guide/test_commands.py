from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guide.models import Guide
from tests.support.guides import SEED_SLUG


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_publish_withdraw_and_rollback_commands(seeded):
    assert "published version 2" in run("publish_guide", SEED_SLUG, "--note", "from the shell")
    assert "withdrawn" in run("publish_guide", SEED_SLUG, "--withdraw")
    assert Guide.objects.get(slug=SEED_SLUG).status == Guide.Status.WITHDRAWN
    assert "published version 3" in run("publish_guide", SEED_SLUG, "--rollback", "1")
    assert Guide.objects.get(slug=SEED_SLUG).live_version.rolled_back_from == 1


def test_commands_report_bad_input(seeded):
    with pytest.raises(CommandError, match="No guide"):
        run("publish_guide", "nope")
    with pytest.raises(CommandError, match="no version 9"):
        run("publish_guide", SEED_SLUG, "--rollback", "9")
