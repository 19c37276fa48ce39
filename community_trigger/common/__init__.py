"""Pieces every part of the product shares: the base model and small helpers."""
