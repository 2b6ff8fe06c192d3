"""Demo data step: certificates (see load_demo)."""


def load(context: dict, stdout) -> None:
    """Nothing yet."""
