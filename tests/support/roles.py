"""Staff accounts in the editorial roles (groups), as the tests sign in with them."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from guide.models import ReviewerProfile
from guide.roles import REVIEWER_GROUP

PASSWORD = "a-long-editor-password-1"


def role_user(group: str, username: str | None = None, password: str | None = None) -> User:
    """A staff account in `group` (named after it unless `username` is given); without a
    password it can only be signed in with `force_login`."""
    name = username or group.lower().replace(" ", "-")
    user = User.objects.create_user(name, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def make_reviewer(
    username: str = "ana", name: str = "Dr. Ana Ruiz", credentials: str = "MD, dermatologist"
) -> User:
    """A staff account in the Medical reviewers group, with its reviewer profile."""
    user = role_user(REVIEWER_GROUP, username, password="a-long-password-123")
    ReviewerProfile.objects.create(user=user, display_name=name, credentials=credentials)
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions
