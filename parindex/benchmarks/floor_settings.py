"""The application's settings with the floor of ``bench-rush`` routed (:mod:`parindex.benchmarks.urls`): the
benchmark starts its app server with ``DJANGO_SETTINGS_MODULE`` set to this module, and nothing else does."""

from parindex.settings import *  # noqa: F403 (the very same settings)

ROOT_URLCONF = "parindex.benchmarks.urls"
