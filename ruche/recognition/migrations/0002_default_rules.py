from django.db import migrations


def create_defaults(apps, schema_editor):
    from ruche.recognition.defaults import DEFAULT_BADGES, DEFAULT_POINT_RULES

    PointRule = apps.get_model("recognition", "PointRule")
    Badge = apps.get_model("recognition", "Badge")
    for verb, beneficiary, points, cap in DEFAULT_POINT_RULES:
        PointRule.objects.get_or_create(
            verb=verb, beneficiary=beneficiary, defaults={"points": points, "daily_cap": cap}
        )
    for position, spec in enumerate(DEFAULT_BADGES):
        Badge.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "names": spec["names"],
                "descriptions": spec["descriptions"],
                "tier": str(spec["tier"]),
                "kind": str(spec.get("kind", "rule")),
                "verb": spec.get("verb", ""),
                "beneficiary": spec.get("beneficiary", "actor"),
                "count": spec.get("count", 1),
                "period": spec.get("period", "all"),
                "condition": spec.get("condition", {}),
                "years": spec.get("years", 0),
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("recognition", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
