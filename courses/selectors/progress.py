"""Selectors for learners' progress: course_progress and the dashboard."""

__all__: list[str] = []
