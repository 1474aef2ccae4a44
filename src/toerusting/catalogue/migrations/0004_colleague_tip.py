"""Recommendation is now ColleagueTip: a member sending an item to a colleague, not the engine's match of an
agenda item (recommendations.AgendaItemMatch). The table is renamed, its rows stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("catalogue", "0003_search_index"),
    ]

    operations = [
        migrations.RenameModel(old_name="Recommendation", new_name="ColleagueTip"),
        migrations.AlterModelOptions(
            name="colleaguetip",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "tip from a colleague",
                "verbose_name_plural": "tips from colleagues",
            },
        ),
        migrations.AlterField(
            model_name="colleaguetip",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="colleague_tips",
                to="catalogue.learningitem",
            ),
        ),
        migrations.AlterField(
            model_name="colleaguetip",
            name="recipient",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="received_tips",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
