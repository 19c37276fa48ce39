"""Tests of community_trigger.statistics (a package named apart from the standard library's statistics)."""
