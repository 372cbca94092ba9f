from django.db import migrations, models

HELP = "Which questionnaire was answered: its questions and words (triage/legacy.py)."


class Migration(migrations.Migration):
    """Assessments stored so far answered the first questionnaire (version 1); new ones, version 2."""

    dependencies = [
        ("triage", "0004_rate_limit_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="questionnaire_version",
            field=models.PositiveSmallIntegerField(default=1, help_text=HELP),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="questionnaire_version",
            field=models.PositiveSmallIntegerField(default=2, help_text=HELP),
        ),
        migrations.AlterField(
            model_name="answer",
            name="question",
            field=models.CharField(help_text="The question's name in the assessment's questionnaire.", max_length=32),
        ),
    ]
