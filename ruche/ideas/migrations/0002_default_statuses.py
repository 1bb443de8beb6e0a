"""The statuses a fresh installation starts with; administrators rename and recolour them."""

from django.db import migrations

DEFAULTS = [
    ("open", "open", "Open", "Ouverte", "#6e7781", False),
    ("awaiting_response", "awaiting-response", "Awaiting response", "En attente de réponse",
     "#bf8700", False),
    ("under_review", "under-review", "Under review", "À l'étude", "#8250df", False),
    ("planned", "planned", "Planned", "Prévue", "#0969da", True),
    ("in_progress", "in-progress", "In progress", "En cours", "#1a7f37", True),
    ("released", "released", "Released", "Livrée", "#116329", True),
    ("declined", "declined", "Declined", "Refusée", "#cf222e", False),
    ("already_possible", "already-possible", "Already possible", "Déjà possible", "#57606a",
     False),
    ("merged", "merged", "Merged", "Fusionnée", "#8c959f", False),
]


def create_defaults(apps, schema_editor):
    IdeaStatus = apps.get_model("ideas", "IdeaStatus")
    IdeaSettings = apps.get_model("ideas", "IdeaSettings")
    for position, (kind, slug, en, fr, colour, roadmap) in enumerate(DEFAULTS):
        IdeaStatus.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "names": {"en": en, "fr": fr},
                "colour": colour,
                "on_roadmap": roadmap,
                "position": position,
            },
        )
    if not IdeaSettings.objects.exists():
        IdeaSettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
