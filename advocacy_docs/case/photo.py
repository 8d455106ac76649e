"""The case's photo: the one check of an image, whether read from a file or given as bytes."""

from __future__ import annotations

import base64

IMAGE_TYPES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
"""The image types a photo may have, by the bytes it starts with."""

MAX_PHOTO_BYTES = 10_000_000
"""The largest photo a case may have (a portrait for a briefing is under 1 MB)."""


def photo_data_url(data: bytes) -> str:
    """The image ``data`` as a ``data:`` URL; ValueError saying what is wrong otherwise.

    The message reads after the photo's name: "'portrait.png' is not a JPEG, PNG or GIF image".
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValueError(f"is {type(data).__name__}, not the bytes of an image")
    data = bytes(data)
    if len(data) > MAX_PHOTO_BYTES:
        raise ValueError(f"is larger than {MAX_PHOTO_BYTES:,} bytes")
    kind = next((t for sig, t in IMAGE_TYPES.items() if data.startswith(sig)), None)
    if kind is None:
        raise ValueError("is not a JPEG, PNG or GIF image")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
