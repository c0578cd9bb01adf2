"""Idempotency-Key: a retried write is answered from the record of the first, never run twice.

Only successful answers are recorded: a refused write changed nothing, so a retry is simply
evaluated again. The record row is inserted before the write, in the same transaction, so a
concurrent retry waits on the unique key and then replays the committed answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .errors import ApiError
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    # The parsed body (the raw stream is consumed by then), in a canonical order.
    digest.update(json.dumps(request.data, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            f"幂等键“{record.key}”已用于另一个请求；每个不同的请求请使用新的幂等键。",
        )
    return Response(record.body, status=record.status_code, headers={REPLAYED_HEADER: "true"})


def idempotent(request, write: Callable[[], Response]) -> Response:
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return write()
    if len(key) > 200:
        raise ApiError(400, "invalid", "Idempotency-Key 最长 200 个字符。")
    fingerprint = _fingerprint(request)
    existing = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
    if existing is not None:
        return _replay(existing, fingerprint)
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user=request.user, key=key, fingerprint=fingerprint, status_code=0, body={}
            )
            response = write()
            record.status_code = response.status_code
            record.body = json.loads(JSONRenderer().render(response.data) or b"null")
            record.save(update_fields=["status_code", "body"])
    except IntegrityError:
        return _replay(IdempotencyRecord.objects.get(user=request.user, key=key), fingerprint)
    return response
