"""Groups and their permissions from one table, set exactly.

The table is frozen here as it was when this migration was written; later changes to the
roles come with their own migration (or `manage.py sync_roles`), never by editing this one.
"""

from django.db import migrations

ROLES = {
    "Editors": {
        "guide.author": ["add_author", "change_author", "delete_author", "view_author"],
        "guide.callout": ["add_callout", "change_callout", "delete_callout", "view_callout"],
        "guide.codedsubject": ["add_codedsubject", "change_codedsubject", "delete_codedsubject", "view_codedsubject"],
        "guide.comparisontable": ["add_comparisontable", "change_comparisontable", "delete_comparisontable", "view_comparisontable"],
        "guide.faqentry": ["add_faqentry", "change_faqentry", "delete_faqentry", "view_faqentry"],
        "guide.figure": ["add_figure", "change_figure", "delete_figure", "view_figure"],
        "guide.glossaryterm": ["add_glossaryterm", "change_glossaryterm", "delete_glossaryterm", "view_glossaryterm"],
        "guide.guide": ["add_guide", "change_guide", "delete_guide", "edit_source", "preview_guide", "view_guide"],
        "guide.guidelanguage": ["add_guidelanguage", "change_guidelanguage", "delete_guidelanguage", "view_guidelanguage"],
        "guide.medicalreview": ["view_medicalreview"],
        "guide.reference": ["add_reference", "change_reference", "delete_reference", "view_reference"],
        "guide.section": ["add_section", "change_section", "delete_section", "view_section"],
        "guide.tablecell": ["add_tablecell", "change_tablecell", "delete_tablecell", "view_tablecell"],
        "guide.tablecolumn": ["add_tablecolumn", "change_tablecolumn", "delete_tablecolumn", "view_tablecolumn"],
        "guide.tablerow": ["add_tablerow", "change_tablerow", "delete_tablerow", "view_tablerow"],
        "guide.tag": ["add_tag", "change_tag", "delete_tag", "view_tag"],
        "guide.textstatus": ["change_textstatus", "view_textstatus"],
    },
    "Translators": {
        "guide.author": ["change_author", "view_author"],
        "guide.callout": ["change_callout", "view_callout"],
        "guide.comparisontable": ["change_comparisontable", "view_comparisontable"],
        "guide.faqentry": ["change_faqentry", "view_faqentry"],
        "guide.figure": ["change_figure", "view_figure"],
        "guide.guide": ["change_guide", "view_guide"],
        "guide.guidelanguage": ["view_guidelanguage"],
        "guide.medicalreview": ["view_medicalreview"],
        "guide.section": ["change_section", "view_section"],
        "guide.tablecell": ["change_tablecell", "view_tablecell"],
        "guide.tablecolumn": ["change_tablecolumn", "view_tablecolumn"],
        "guide.tablerow": ["change_tablerow", "view_tablerow"],
        "guide.tag": ["change_tag", "view_tag"],
        "guide.textstatus": ["change_textstatus", "view_textstatus"],
    },
    "Medical reviewers": {
        "guide.author": ["change_author", "view_author"],
        "guide.callout": ["change_callout", "view_callout"],
        "guide.comparisontable": ["change_comparisontable", "view_comparisontable"],
        "guide.faqentry": ["change_faqentry", "view_faqentry"],
        "guide.figure": ["change_figure", "view_figure"],
        "guide.guide": ["change_guide", "preview_guide", "publish_guide", "view_guide"],
        "guide.guidelanguage": ["change_guidelanguage", "view_guidelanguage"],
        "guide.medicalreview": ["add_medicalreview", "view_medicalreview"],
        "guide.section": ["change_section", "view_section"],
        "guide.tablecell": ["change_tablecell", "view_tablecell"],
        "guide.tablecolumn": ["change_tablecolumn", "view_tablecolumn"],
        "guide.tablerow": ["change_tablerow", "view_tablerow"],
        "guide.tag": ["change_tag", "view_tag"],
        "guide.textstatus": ["change_textstatus", "mark_reviewed", "view_textstatus"],
    },
    "Partner managers": {
        "partners.apikey": ["change_apikey", "view_apikey"],
        "partners.partner": ["add_partner", "change_partner", "delete_partner", "manage_keys", "view_partner"],
        "partners.partnerusage": ["view_partnerusage"],
        "partners.webhook": ["add_webhook", "change_webhook", "delete_webhook", "view_webhook"],
        "partners.webhookdelivery": ["change_webhookdelivery", "view_webhookdelivery"],
    },
}


def sync_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for label in ("guide", "partners"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in ROLES.items():
        permissions = []
        for model, codenames in models.items():
            app_label, model_name = model.split(".")
            permissions.extend(
                Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model_name,
                    codename__in=codenames,
                )
            )
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0014_remove_free_text_review_fields"),
        ("partners", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
