"""Tests of the public pages (a package, so its test_home.py and e2e's can share a name)."""
