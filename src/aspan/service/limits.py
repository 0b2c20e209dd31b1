"""Request body size limits as ASGI middleware: ``Content-Length`` above the limit answers
413 at once; a body sent without a length is counted as it streams and cut off at the limit."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException


class BodyLimit:
    def __init__(self, app, *, default_bytes: int, upload_bytes: int,
                 upload_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.default_bytes = default_bytes
        self.upload_bytes = upload_bytes
        self.upload_paths = upload_paths

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_bytes if scope["path"] in self.upload_paths else self.default_bytes
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > limit
            except ValueError:
                too_big = True
            if too_big:
                await _reject(send, limit)
                return
        seen = 0
        responded = False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
            return message

        async def tracked_send(message):
            nonlocal responded
            if message["type"] == "http.response.start":
                responded = True
            await send(message)

        try:
            await self.app(scope, counted, tracked_send)
        except _TooLarge:
            if not responded:
                await _reject(send, limit)


class _TooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, "the request body is larger than the limit")


async def _reject(send, limit: int) -> None:
    body = json.dumps({"error": "TooLarge", "field": "body",
                       "message": f"the request body is larger than {limit} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
