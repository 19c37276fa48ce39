"""The abstract base models: records that know when they were created and last changed, and records
that are only ever added to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnly(Exception):
    """A record that is only ever added to: never changed or deleted once written."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Refuses the bulk changes that would bypass a model's own guard."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnly(f"{self.model._meta.verbose_name_plural} are never changed".capitalize())

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly(f"{self.model._meta.verbose_name_plural} are never deleted".capitalize())


class AppendOnlyModel(models.Model):
    """A record kept exactly as written (a case's history, the audit log, a published snapshot): a
    guard on what was seen or told, not a business rule. No code path in the application changes or
    deletes one. This class refuses it in Python; the database refuses it too, with triggers that a
    migration adds (common.db.AppendOnlyTriggers), and every foreign key to or from such a table is
    PROTECT (tests/common/test_append_only.py checks both for every subclass)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly(f"{self._meta.verbose_name_plural} are never changed".capitalize())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly(f"{self._meta.verbose_name_plural} are never deleted".capitalize())


class WrittenWords(models.Model):
    """What a person wrote about one row of history (why a date moved, why a case was withdrawn): kept
    beside the history row, never in it, so that personal data can be removed from a case (retention,
    anonymisation) without touching its history. The row it belongs to is append-only; these are not."""

    text = models.TextField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"Words about {self._meta.verbose_name}"


def written_words(row: models.Model, relation: str) -> str:
    """The words kept beside a history row under `relation` (a reverse one-to-one), or "" if none."""
    try:
        return str(getattr(row, relation).text)
    except models.ObjectDoesNotExist:
        return ""


def known(field: str, choices: Iterable[tuple[Any, Any]], *, blank: bool = False) -> models.CheckConstraint:
    """The database refuses a value of `field` that is none of its `choices` (a state, kind or status the
    procedure does not know), and an empty one unless `blank`. Named <app>_<model>_<field>_known."""
    values = [value for value, _ in choices] + ([""] if blank else [])
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": values}), name=f"%(app_label)s_%(class)s_{field}_known"
    )
