"""Selectors for the catalogue, course and lesson pages."""

__all__: list[str] = []
