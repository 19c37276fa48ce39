"""Tests of the pure-Python threshold engine (spec/threshold.md)."""
