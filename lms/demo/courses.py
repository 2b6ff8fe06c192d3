"""Demo data step: courses (see load_demo)."""


def load(context: dict, stdout) -> None:
    """Nothing yet."""
