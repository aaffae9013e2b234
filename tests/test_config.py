"""Every environment variable is read in portfolio/config.py, and each one is documented in README.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from portfolio import config

ROOT = Path(__file__).resolve().parent.parent


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"  # os.environ (a parameter named so is not)


def environment_reads(source: str) -> list[int]:
    """Lines that read the process environment (``os.environ.get``, ``os.environ[...]``, ``os.getenv``)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        getter = isinstance(node, ast.Attribute) and (
            node.attr == "get" and _is_environ(node.value) or node.attr == "getenv")
        if getter or isinstance(node, ast.Subscript) and _is_environ(node.value):
            lines.append(node.lineno)
    return lines


def test_only_config_reads_the_environment():
    offenders = {}
    for path in [*ROOT.joinpath("portfolio").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py"),
                 *ROOT.joinpath("pages").rglob("*.py")]:
        if path.name == "config.py" and path.parent.name == "portfolio" or "migrations" in path.parts:
            continue
        if lines := environment_reads(path.read_text(encoding="utf-8")):
            offenders[str(path.relative_to(ROOT))] = lines
    assert offenders == {}, f"read the environment through portfolio.config.env: {offenders}"


def test_the_rule_sees_each_way_of_reading():
    assert environment_reads("import os\nos.environ.get('X')") == [2]
    assert environment_reads("import os\nos.environ['X']") == [2]
    assert environment_reads("import os\nos.getenv('X')") == [2]
    assert environment_reads("import os\nrun(env={**os.environ, 'HOME': '/tmp'})") == []  # passed on, not read


def test_every_variable_is_documented_in_the_readme():
    text = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", section, re.M))
    assert documented == set(config.VARIABLES)


def test_env_reads_at_the_call_and_knows_only_its_variables(monkeypatch):
    monkeypatch.setenv("SESSION_HOURS", "3")
    assert config.env("SESSION_HOURS") == "3"
    monkeypatch.delenv("SESSION_HOURS")
    assert config.env("SESSION_HOURS", "8") == "8"
    with pytest.raises(KeyError):
        config.env("HOME")
