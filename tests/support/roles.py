"""Helpers for tests that record medical reviews."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from guide.models import ReviewerProfile
from guide.roles import REVIEWER_GROUP


def make_reviewer(
    username: str = "ana", name: str = "Dr. Ana Ruiz", credentials: str = "MD, dermatologist"
) -> User:
    """A staff account in the Medical reviewers group, with its reviewer profile."""
    user = User.objects.create_user(username, password="a-long-password-123", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    ReviewerProfile.objects.create(user=user, display_name=name, credentials=credentials)
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions
