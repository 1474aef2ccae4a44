"""Append-only tables (the audit trail, the budget's trail): a row is never changed or deleted through the
ORM. Only the code that runs a retention rule may delete, inside `retention()`; only the erasure of a
member's personal data (the AVG right to erasure) may blank who did something, inside `anonymisation()`."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models

_RETENTION = contextvars.ContextVar("append_only_retention", default=False)
_ANONYMISATION = contextvars.ContextVar("append_only_anonymisation", default=False)


class AppendOnly(PermissionError):
    """Raised on an attempt to change or delete a row of an append-only table."""


@contextmanager
def retention() -> Iterator[None]:
    """Deletes inside this block are allowed: the one way rows leave an append-only table."""
    token = _RETENTION.set(True)
    try:
        yield
    finally:
        _RETENTION.reset(token)


@contextmanager
def anonymisation() -> Iterator[None]:
    """Updates inside this block are allowed: the erasure of a member's personal data replaces their link
    and name in a trail by an anonymous mark, while the trail itself (what happened, when, amounts) stays."""
    token = _ANONYMISATION.set(True)
    try:
        yield
    finally:
        _ANONYMISATION.reset(token)


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        if not _ANONYMISATION.get():
            raise AppendOnly(f"{self.model._meta.verbose_name_plural} are never changed")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if not _RETENTION.get():
            raise AppendOnly(f"{self.model._meta.verbose_name_plural} leave only by retention")
        return super().delete()


class AppendOnlyModel(models.Model):
    """A model whose rows are only ever added (and removed by retention, through the queryset)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly(f"{self._meta.verbose_name_plural} are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly(f"{self._meta.verbose_name_plural} leave only by retention")
