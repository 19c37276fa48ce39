"""Tests of the shared GOV.UK form pieces: the base form, the date field and the component templates."""
