"""The static files storage of the production server: WhiteNoise's compressed manifest storage (hashed names, gzip and
Brotli copies, a year's cache) that leaves source-map comments alone: the vendored minified libraries name maps that
are not shipped, and a missing map must not stop `collectstatic`."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ProductionStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(pattern for pattern in rules if "sourceMappingURL" not in str(pattern)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )
