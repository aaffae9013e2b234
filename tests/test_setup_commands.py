"""The commands a fresh machine runs: README's `make run` / `make test`, the Makefile, and CI's `.ci/run`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
CI_RUN = ROOT / ".ci" / "run"
MAKEFILE = ROOT / "Makefile"
README = ROOT / "README.md"
INSTALL_SYSTEM_DEPS = ROOT / "scripts" / "install-system-deps.sh"
README_OPENING_LINES = 40


def shell_commands(text: str) -> list[str]:
    """Commands of a shell script or code block: no blank or comment lines, no trailing `# comment`,
    no leading `$ ` prompt, whitespace collapsed."""
    commands = []
    for line in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line.strip())
        line = " ".join(re.sub(r"^\$\s+", "", line).split())
        if line:
            commands.append(line)
    return commands


def ci_test_command() -> str:
    """The one `make …` command `.ci/run` runs (its last command)."""
    commands = shell_commands(CI_RUN.read_text())
    make_commands = [c for c in commands if re.match(r"^(exec\s+)?make\b", c)]
    assert make_commands == [commands[-1]], f".ci/run must end in its only make command, got {commands}"
    return re.sub(r"^exec\s+", "", commands[-1])


def readme_opening_commands() -> list[str]:
    """Commands in the fenced code blocks that start within README's opening lines."""
    lines = README.read_text(encoding="utf-8").splitlines()
    commands: list[str] = []
    in_block, block_started_early = False, False
    block: list[str] = []
    for number, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            if in_block:
                if block_started_early:
                    commands.extend(shell_commands("\n".join(block)))
                in_block, block = False, []
            else:
                in_block, block_started_early = True, number < README_OPENING_LINES
            continue
        if in_block:
            block.append(line)
    return commands


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", MAKEFILE.read_text(), flags=re.MULTILINE))


def make_dry_run(target: str, *variables: str) -> str:
    if shutil.which("make") is None:
        skip_or_fail("make is not installed")
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", target, *variables],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )
    return result.stdout


def test_ci_runs_make_test_strictly() -> None:
    text = CI_RUN.read_text()
    assert text.startswith(("#!/usr/bin/env bash\n", "#!/bin/bash\n"))
    assert "set -euo pipefail" in shell_commands(text)
    assert ci_test_command() == "make test"


def test_ci_runs_the_test_command_the_readme_names() -> None:
    assert README.exists(), "README.md names the two commands a fresh machine runs"
    commands = readme_opening_commands()
    assert "make run" in commands, f"README's opening code block(s) should name `make run`; found {commands}"
    assert "make test" in commands, f"README's opening code block(s) should name `make test`; found {commands}"
    assert ci_test_command() in commands


def test_makefile_has_the_commands() -> None:
    assert {"run", "test", "lint"} <= makefile_targets()


def test_make_test_runs_pytest_and_downloads_no_browser() -> None:
    recipe = make_dry_run("test")
    assert "install-system-deps.sh chromium postgresql" in recipe
    assert "-m pytest" in recipe.splitlines()[-1]
    assert "playwright install" not in recipe


def test_make_run_initialises_loads_demo_and_serves_on_port() -> None:
    recipe = make_dry_run("run", "PORT=8765")
    lines = recipe.splitlines()
    init = next(i for i, line in enumerate(lines) if line.endswith("portfolio init"))
    demo = next(i for i, line in enumerate(lines) if line.endswith("portfolio demo"))
    serve = next(i for i, line in enumerate(lines) if "streamlit run serve.py" in line)  # app.py and its routes
    assert init < demo < serve
    assert "--server.headless true" in lines[serve]
    assert "--browser.gatherUsageStats false" in lines[serve]
    assert "--server.port 8765" in lines[serve]


def test_install_system_deps_does_nothing_when_installed() -> None:
    if shutil.which("dpkg") is None:
        skip_or_fail("not a Debian machine (no dpkg)")
    result = subprocess.run(
        ["bash", str(INSTALL_SYSTEM_DEPS), "bash", "coreutils"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    usage = subprocess.run(["bash", str(INSTALL_SYSTEM_DEPS)], capture_output=True, text=True, timeout=60, check=False)
    assert usage.returncode == 2
