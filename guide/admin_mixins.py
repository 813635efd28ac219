"""What the admin mixins are mixed into, for the type checker.

The mixins of `guide/admin*.py` call `super()` and `ModelAdmin` methods; at run time they
sit before a `ModelAdmin` (or an inline) in its bases, so they derive from `object`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

if TYPE_CHECKING:
    ModelAdminMixin = admin.ModelAdmin[Any]
    AnyAdminMixin = admin.options.BaseModelAdmin[Any]
else:
    ModelAdminMixin = object
    AnyAdminMixin = object
