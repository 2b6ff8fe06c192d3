"""Enrollment, lesson completion, quiz attempts and course completion."""

__all__: list[str] = []
