"""The "Editors" group: advice content and its history; assessments read-only; nothing else.

Least privilege: editors add, change and view advice articles (retiring an article is
unpublishing it, which can be undone, so there is no delete) and view stored assessments,
which the admin keeps read-only for everyone. No permission on users, groups or anything
else. Reading and reverting an article's history follows the article permissions.
"""

from django.db import migrations

GROUP = "Editors"
PERMISSIONS = [
    ("triage", "add_advicearticle"),
    ("triage", "change_advicearticle"),
    ("triage", "view_advicearticle"),
    ("triage", "view_historicaladvicearticle"),
    ("triage", "view_assessment"),
]


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can use them.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in PERMISSIONS
    ]
    group.permissions.set(permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0002_history_and_step_counts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
