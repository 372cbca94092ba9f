"""Feedback and safety concerns (post-release monitoring), and the Editors group may read and triage them.

Editors write the advice, so they are the ones to act when someone reports it was wrong or
unsafe: they may view a report and change its status and staff notes (the admin keeps the
person's words read-only). They cannot add or delete reports. The permissions are added to the
group, not set, so anything else an administrator gave the group stays.
"""

import django.utils.timezone
from django.db import migrations, models

import triage.models

GROUP = "Editors"
PERMISSIONS = ["view_feedback", "change_feedback"]


def let_editors_triage_feedback(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can use them.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("triage")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="triage", codename__in=PERMISSIONS))


def stop_editors_triaging_feedback(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="triage", codename__in=PERMISSIONS))


class Migration(migrations.Migration):

    dependencies = [
        ('triage', '0005_questionnaire_version'),
    ]

    operations = [
        migrations.CreateModel(
            name='Feedback',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('feedback', 'Feedback'), ('safety_concern', 'Safety concern')], max_length=16)),
                ('useful', models.CharField(blank=True, choices=[('yes', 'Yes'), ('partly', 'Partly'), ('no', 'No')], max_length=8, verbose_name='was this useful?')),
                ('text', models.TextField(blank=True, help_text='Feedback: what could we do better. Safety concern: what happened. Advice links removed.', verbose_name='what they wrote')),
                ('advice_outcome', models.CharField(blank=True, choices=[('emergency', 'Call an emergency number or go to A&E now'), ('today', 'See a doctor today'), ('gp', 'See a GP'), ('self_care', 'Look after it yourself'), ('not_sure', "I don't know")], max_length=16, verbose_name='advice it was about')),
                ('reporter', models.CharField(blank=True, choices=[('patient', 'Patient'), ('carer', 'Carer or family'), ('professional', 'Health professional'), ('other', 'Other')], max_length=16, verbose_name='who is reporting')),
                ('contact_email', models.EmailField(blank=True, help_text='Given only to get a reply about this report.', max_length=254)),
                ('status', models.CharField(choices=[('new', 'New'), ('looking', 'Being looked at'), ('closed', 'Closed')], db_index=True, default='new', max_length=16)),
                ('staff_notes', models.TextField(blank=True, help_text='For staff only. Never shown to the person.')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='sent')),
                ('expires_at', models.DateTimeField(db_index=True, default=triage.models.feedback_expiry, verbose_name='deleted automatically on')),
            ],
            options={
                'verbose_name': 'feedback or safety concern',
                'verbose_name_plural': 'feedback and safety concerns',
                'ordering': ['-created_at'],
                'constraints': [models.CheckConstraint(condition=models.Q(('expires_at__gt', models.F('created_at'))), name='feedback_expires_after_created')],
            },
        ),
        migrations.RunPython(let_editors_triage_feedback, stop_editors_triaging_feedback),
    ]
