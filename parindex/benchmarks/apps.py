from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    """The benchmark commands (bench-scoring, bench-rush, bench-indicators); their code needs the development extras
    and is imported only when a benchmark runs. Nothing at runtime imports this app."""

    name = "parindex.benchmarks"
    verbose_name = _("Benchmarks")
