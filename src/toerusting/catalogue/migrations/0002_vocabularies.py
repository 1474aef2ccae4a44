"""Create the rows of the fixed vocabularies (topics, instruments, competencies, audience roles)."""

from django.db import migrations


def create_vocabularies(apps, schema_editor):  # type: ignore[no-untyped-def]
    from toerusting.catalogue import taxonomy

    for model_name, terms in (
        ("Topic", taxonomy.TOPICS),
        ("Instrument", taxonomy.INSTRUMENTS),
        ("Competency", taxonomy.COMPETENCIES),
        ("AudienceRole", taxonomy.AUDIENCES),
    ):
        model = apps.get_model("catalogue", model_name)
        for term in terms:
            model.objects.get_or_create(code=term.code)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(create_vocabularies, migrations.RunPython.noop)]
