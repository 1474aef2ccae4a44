"""Catalogue search ranked by relevance: the index tables, the database's own structures (an FTS5 table on
SQLite, a GIN index on PostgreSQL; see catalogue/search_index.py) and the index of the items already there."""

import django.db.models.deletion
from django.db import migrations, models


def create_structures(apps, schema_editor):  # type: ignore[no-untyped-def]
    from toerusting.catalogue import search_index

    search_index.create_structures(schema_editor.connection)


def drop_structures(apps, schema_editor):  # type: ignore[no-untyped-def]
    from toerusting.catalogue import search_index

    search_index.drop_structures(schema_editor.connection)


def index_items(apps, schema_editor):  # type: ignore[no-untyped-def]
    from toerusting.catalogue import search, search_index

    item_model = apps.get_model("catalogue", "LearningItem")
    models_ = (apps.get_model("catalogue", "SearchDocument"), apps.get_model("catalogue", "SearchWord"))
    documents = [
        search.document_for_item(item)
        for item in item_model.objects.filter(is_published=True).prefetch_related("item_topics", "instruments")
    ]
    search_index.write(documents, schema_editor.connection, models_)


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0002_vocabularies'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('item', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='catalogue.learningitem')),
                ('title', models.TextField()),
                ('summary', models.TextField()),
                ('body', models.TextField()),
                ('tags', models.TextField()),
            ],
        ),
        migrations.RemoveField(
            model_name='learningitem',
            name='search_text',
        ),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=60)),
                ('stem', models.CharField(max_length=60)),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='search_words', to='catalogue.learningitem')),
            ],
            options={
                'indexes': [models.Index(fields=['word'], name='catalogue_s_word_184891_idx'), models.Index(fields=['stem'], name='catalogue_s_stem_c67a20_idx')],
            },
        ),
        migrations.RunPython(create_structures, drop_structures),
        migrations.RunPython(index_items, migrations.RunPython.noop),
    ]
