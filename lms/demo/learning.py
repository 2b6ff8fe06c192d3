"""Demo data step: learning (see load_demo)."""


def load(context: dict, stdout) -> None:
    """Nothing yet."""
