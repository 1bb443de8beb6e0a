from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """The benchmarks (``ruche bench …``), on top of everything, the demo's volumes included."""

    name = "ruche.bench"
    label = "bench"
    verbose_name = _("Benchmarks")
