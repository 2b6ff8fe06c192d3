"""YAML in and out: a safe loader that remembers line numbers, and a stable dumper.

The loader returns :class:`LineDict` and :class:`LineList`, which are a plain ``dict``
and ``list`` that also know on which line each key or item starts, so an error can
point at ``01-basics/02-wifi.md:14``. The dumper writes the same data the same way
every time (no key sorting, no line wrapping, Thai as is), which export relies on to
give identical files.
"""

import yaml


class LineDict(dict):
    """A mapping read from YAML; ``line`` is where it starts, ``lines[key]`` where each key is."""

    line = 1
    lines: dict


class LineList(list):
    """A sequence read from YAML; ``line`` is where it starts, ``lines[i]`` where item ``i`` is."""

    line = 1
    lines: list


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences carry their line numbers."""

    line_offset = 0


def _construct_mapping(loader, node):
    data = LineDict()
    data.line = node.start_mark.line + 1 + loader.line_offset
    data.lines = {}
    yield data
    data.update(loader.construct_mapping(node))
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node)
        data.lines[key] = key_node.start_mark.line + 1 + loader.line_offset


def _construct_sequence(loader, node):
    data = LineList()
    data.line = node.start_mark.line + 1 + loader.line_offset
    data.lines = [item.start_mark.line + 1 + loader.line_offset for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


class YamlProblem(Exception):
    """The text is not valid YAML; ``line`` is where the parser stopped (from 1)."""

    def __init__(self, problem: str, line: int):
        super().__init__(problem)
        self.problem = problem
        self.line = line


def load(text: str, *, first_line: int = 1):
    """Parse ``text`` (which starts on line ``first_line`` of its file) safely.

    Raises :class:`YamlProblem` with the file line of the error.
    """
    loader = _LineLoader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + first_line) if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlProblem(problem, line) from exc
    finally:
        loader.dispose()


class FlowList(list):
    """A list the dumper writes on one line, ``[a, b, c]``, as trainers write choices."""


class Quoted(str):
    """A string the dumper always writes in double quotes (quiz choices, explanations, steps)."""


class _Dumper(yaml.SafeDumper):
    """Writes YAML the way the hand-written demo courses do: lists indented under their
    key, and double quotes (not single) whenever a string needs quoting."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def choose_scalar_style(self):
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_quoted(dumper, value):
    if "\n" in value:
        return _represent_str(dumper, str(value))
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _represent_flow_list(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(FlowList, _represent_flow_list)
_Dumper.add_representer(Quoted, _represent_quoted)


def dump(data) -> str:
    """Write ``data`` as block-style YAML, keys in the given order, Thai unescaped."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100_000,
    )
