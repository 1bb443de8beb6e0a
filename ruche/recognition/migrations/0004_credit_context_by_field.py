"""Credits of accepted answers name their question by the event's context field ("topic:12")
instead of a content type id ("27:12"), so that the engine matches an un-accept through what the
events declare (``context_key``) rather than by knowing the forum's models."""

from django.db import migrations

BATCH = 2000


def to_field(apps, schema_editor):
    Credit = apps.get_model("recognition", "Credit")
    # Only accepted answers carry a context: one credit per accepted answer, few enough to list.
    changed = []
    for credit in Credit.objects.exclude(context_key="").only("pk", "context_key"):
        prefix, _sep, value = credit.context_key.partition(":")
        if prefix != "topic" and value:
            credit.context_key = f"topic:{value}"
            changed.append(credit)
    Credit.objects.bulk_update(changed, ["context_key"], batch_size=BATCH)


def to_content_type(apps, schema_editor):
    Credit = apps.get_model("recognition", "Credit")
    ContentType = apps.get_model("contenttypes", "ContentType")
    topic_type = ContentType.objects.filter(app_label="forum", model="topic").first()
    if topic_type is None:
        return
    changed = []
    for credit in Credit.objects.filter(context_key__startswith="topic:").only("pk", "context_key"):
        credit.context_key = f"{topic_type.pk}:{credit.context_key.partition(':')[2]}"
        changed.append(credit)
    Credit.objects.bulk_update(changed, ["context_key"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0003_score_listing"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(to_field, to_content_type)]
