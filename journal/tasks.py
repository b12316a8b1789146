"""Celery tasks of the domain: small, idempotent wrappers around journal functions."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    ignore_result=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def process_attachment_image(attachment_id: int) -> bool:
    """Resize an attached image to fit 1600x1600 and make its thumbnail (after commit)."""
    from journal.media import process_image

    return process_image(attachment_id)
