"""`make bench`: the production settings, plus the bare Wagtail page that stands for
"plain Wagtail" in the same run (bench/reference)."""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS, SILENCED_SYSTEM_CHECKS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.reference"]
# gdpr/manifest.json describes what production holds; the benchmark's page is not in it.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "gdpr.E012"]
