"""In-person training sessions: registration and attendance."""

__all__: list[str] = []
