"""Recordings for read-aloud tests: real WAV files, written with Python's wave module."""

import io
import math
import struct
import uuid
import wave

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model


def wav_bytes(seconds: float = 3.0, rate: int = 8000, pitch: float = 440.0) -> bytes:
    """A mono 16-bit WAV file holding a quiet tone of ``seconds``."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * pitch * n / rate)))
        for n in range(int(seconds * rate))
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def make_recording(title: str = "เสียงอ่านบทเรียน", content: bytes | None = None, extension: str = "wav"):
    """A Wagtail document holding a recording (a 3-second WAV unless ``content`` is given)."""
    content = wav_bytes() if content is None else content
    Document = get_document_model()
    document = Document(title=title, file_size=len(content))
    document.file.save(f"{uuid.uuid4().hex[:8]}.{extension}", ContentFile(content), save=False)
    document.save()
    return document


def reading_body() -> list[dict]:
    """A lesson body in the order a learner reads it: a heading and a paragraph, a video,
    numbered steps, a warning and a quiz question (read-only for visitors)."""
    from tests.factories.courses import quiz_question_value, text_value

    def item(value):
        return {"type": "item", "id": str(uuid.uuid4()), "value": value}

    return [
        text_value(
            "<h2>เปิดเครื่อง</h2><p>กด <b>ปุ่มด้านข้าง</b> ค้างไว้ประมาณ 3 วินาที จนหน้าจอสว่าง "
            "แล้วปล่อยนิ้ว เมื่อเครื่องเปิดแล้วให้ปัดหน้าจอขึ้นเพื่อปลดล็อก</p>"
        ),
        {
            "type": "video",
            "id": str(uuid.uuid4()),
            "value": {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": "วิธีเปิดเครื่อง"},
        },
        {
            "type": "steps",
            "id": str(uuid.uuid4()),
            "value": {
                "title": "เชื่อมต่อ Wi-Fi",
                "steps": [
                    item({"text": "<p>เปิดแอป <b>ตั้งค่า</b></p>", "image": None, "alt_text": ""}),
                    item({"text": "<p>แตะ Wi-Fi แล้วเลือกชื่อเครือข่ายของศูนย์</p>", "image": None, "alt_text": ""}),
                ],
            },
        },
        {
            "type": "callout",
            "id": str(uuid.uuid4()),
            "value": {"kind": "warning", "text": "<p>อย่าบอกรหัส OTP กับใครแม้จะอ้างว่าเป็นธนาคาร</p>"},
        },
        quiz_question_value(),
    ]
