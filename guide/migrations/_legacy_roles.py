"""The role functions migrations 0002-0013 applied, frozen as they were.

Those migrations call these copies rather than `guide.roles`, so they keep doing what they
did whatever the live table becomes; `0015_roles_table` then sets the groups exactly.
(The leading underscore keeps the migration loader from reading this module.)
"""

from __future__ import annotations

EDITOR_MODELS = [
    "guide",
    "section",
    "callout",
    "figure",
    "faqentry",
    "comparisontable",
    "tablecolumn",
    "tablerow",
    "tablecell",
    "author",
    "tag",
    "guidelanguage",
    "glossaryterm",
    "codedsubject",
    "reference",
]


def with_permissions(apps, app_label: str):
    """The app registry to use (`apps` in a migration, else the live one), with the
    permissions of `app_label` created: in a fresh database they only exist after
    post_migrate, which runs after the data migrations that need them."""
    from django.contrib.auth.management import create_permissions

    if apps is None:
        from django.apps import apps as global_apps

        create_permissions(global_apps.get_app_config(app_label), verbosity=0)
        return global_apps
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return apps


def ensure_groups(apps=None) -> None:
    """Create the Editors group with every permission over guide content, none over users."""
    apps = with_permissions(apps, "guide")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="guide", content_type__model__in=EDITOR_MODELS
        )
    )


# Translators and medical reviewers edit texts and their statuses; only reviewers may mark
# a translation "reviewed" (the `mark_reviewed` permission). Neither manages guides' structure
# (adding or deleting sections), users or groups.
TRANSLATABLE_MODELS = [
    "guide",
    "section",
    "callout",
    "figure",
    "faqentry",
    "comparisontable",
    "tablecolumn",
    "tablerow",
    "tablecell",
    "author",
    "tag",
]
TRANSLATOR_GROUP = "Translators"
REVIEWER_GROUP = "Medical reviewers"


def ensure_translation_groups(apps=None) -> None:
    """Create the Translators and Medical reviewers groups; give Editors the status pages."""
    ensure_groups(apps)
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    guide_perms = Permission.objects.filter(content_type__app_label="guide")
    texts = guide_perms.filter(
        content_type__model__in=TRANSLATABLE_MODELS, codename__regex=r"^(view|change)_"
    )
    statuses = guide_perms.filter(codename__in=["view_textstatus", "change_textstatus"])
    view_languages = guide_perms.filter(codename="view_guidelanguage")
    translators, _ = Group.objects.get_or_create(name=TRANSLATOR_GROUP)
    translators.permissions.add(*texts, *statuses, *view_languages)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWER_GROUP)
    reviewers.permissions.add(
        *texts,
        *statuses,
        *guide_perms.filter(codename__in=["mark_reviewed", "change_guidelanguage"]),
        *view_languages,
    )
    Group.objects.get(name="Editors").permissions.add(*statuses)


EDITOR_GROUP = "Editors"


def ensure_roles(apps=None) -> None:
    """Least privilege for every role, set exactly (not added to), so it can be re-run.

    - Editors: write and structure content in every language, preview; not publish, not
      mark translations reviewed, nothing over users, groups or partners.
    - Translators: change texts in the languages other than the source; the source text
      and the structure stay read-only for them (see `guide.admin_roles`).
    - Medical reviewers: what translators may, plus mark reviewed, record reviews, preview
      and publish (publish, withdraw, roll back).
    """
    ensure_translation_groups(apps)
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    guide_perms = Permission.objects.filter(content_type__app_label="guide")
    content = guide_perms.filter(content_type__model__in=EDITOR_MODELS)
    statuses = guide_perms.filter(codename__in=["view_textstatus", "change_textstatus"])
    texts = guide_perms.filter(
        content_type__model__in=TRANSLATABLE_MODELS, codename__regex=r"^(view|change)_"
    )
    view_languages = guide_perms.filter(codename="view_guidelanguage")
    # Medical reviews are recorded only by reviewers (`add_medicalreview`); everyone may read
    # them. Records are never changed or deleted through the admin.
    view_reviews = guide_perms.filter(codename="view_medicalreview")
    editors = Group.objects.get(name=EDITOR_GROUP)
    editors.permissions.set(
        [
            *content.exclude(codename__in=["publish_guide", "mark_reviewed"]),
            *statuses,
            *view_reviews,
        ]
    )
    # `texts` holds only view_/change_ permissions: no publishing, no source editing.
    Group.objects.get(name=TRANSLATOR_GROUP).permissions.set(
        [*texts, *statuses, *view_languages, *view_reviews]
    )
    Group.objects.get(name=REVIEWER_GROUP).permissions.set(
        [
            *texts,
            *statuses,
            *view_languages,
            *view_reviews,
            *guide_perms.filter(
                codename__in=[
                    "mark_reviewed",
                    "change_guidelanguage",
                    "publish_guide",
                    "preview_guide",
                    "add_medicalreview",
                ]
            ),
        ]
    )
