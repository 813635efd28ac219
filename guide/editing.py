"""The one way guide content is written: admin saves, XLIFF import, seed import, statuses.

Every write of content goes through a `ContentEdit`, which keeps the three things a write
owes the rest of the system in one place:

- history: objects are saved with `save()` so django-simple-history records them, under
  the user who made the edit when there is one;
- translation statuses follow the texts written (`guide.translating.recording`);
- each guide touched gets its working-copy `revision` bumped once (the admin's optimistic
  lock compares against it, so a page opened before any write is refused, not silently
  overwriting it) and its readability figures recomputed (so a publish right after freezes
  current figures).

Use `edit_content()`: the edit is applied when the block ends, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import F, Model

from guide.accessibility_analysis.readability_figures import refresh_readability
from guide.content import owning_guide_id
from guide.models import Guide
from guide.translating.recording import record_edits, snapshot


class ContentEdit:
    """The objects written by one edit and the guides they belong to."""

    def __init__(self, user: Any = None) -> None:
        self.user = user if getattr(user, "pk", None) else None
        self.guide_ids: set[int] = set()
        self._before: dict[tuple[type[Model], int], dict[str, str]] = {}

    def remember(self, objects: Iterable[Model]) -> None:
        """Note the stored texts of objects about to be saved, to tell what the save changed."""
        fresh = [obj for obj in objects if (type(obj), obj.pk) not in self._before]
        self._before.update(snapshot(fresh))

    def save(self, obj: Model, *, record_statuses: bool = True) -> None:
        """Save one object as part of this edit.

        `record_statuses=False` is for importers, which record the statuses their file
        states (`guide.translating.recording.record_imported`) instead of an editor's.
        """
        if record_statuses and obj.pk is not None:
            self.remember([obj])
        if self.user is not None:
            obj._history_user = self.user  # type: ignore[attr-defined]  # read by simple_history
        obj.save()
        if record_statuses:
            self.saved(obj)
        else:
            self.touch(owning_guide_id(obj))

    def saved(self, obj: Model) -> None:
        """Account for an object saved by someone else (a form), after `remember()`."""
        record_edits(obj, self._before.get((type(obj), obj.pk), {}), self.user)
        self.touch(owning_guide_id(obj))

    def touch(self, guide_id: int | None) -> None:
        """Count a guide as changed by this edit (content without texts of its own)."""
        if guide_id:
            self.guide_ids.add(guide_id)

    def finish(self) -> None:
        """Bump each touched guide's revision once and refresh its readability figures."""
        for guide_id in sorted(self.guide_ids):
            Guide.objects.filter(pk=guide_id).update(revision=F("revision") + 1)
            refresh_readability(Guide(pk=guide_id))
        self.guide_ids.clear()


@contextmanager
def edit_content(user: Any = None) -> Iterator[ContentEdit]:
    """An edit applied atomically when the block ends (see the module docstring)."""
    with transaction.atomic():
        edit = ContentEdit(user)
        yield edit
        edit.finish()
