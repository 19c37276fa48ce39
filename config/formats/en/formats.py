"""English formats are British ones ("3 December 2026", not "December 3, 2026"): Django's en_GB."""

from django.conf.locale.en_GB.formats import *  # type: ignore[import-untyped]  # noqa: F403
