"""StoredRecommendation is now AgendaItemMatch: "recommendation" also named a colleague's tip and the
engine's in-memory result. The table is renamed, its rows stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0001_initial"),
        ("catalogue", "0001_initial"),
        ("recommendations", "0003_reason_data"),
    ]

    operations = [
        migrations.RenameModel(old_name="StoredRecommendation", new_name="AgendaItemMatch"),
        migrations.RemoveConstraint(model_name="agendaitemmatch", name="recommendation_once_per_item"),
        migrations.AddConstraint(
            model_name="agendaitemmatch",
            constraint=models.UniqueConstraint(fields=("agenda_item", "item"), name="match_once_per_agenda_item"),
        ),
        migrations.AlterField(
            model_name="agendaitemmatch",
            name="agenda_item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="matches", to="agenda.agendaitem"
            ),
        ),
    ]
