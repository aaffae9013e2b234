"""Fill a deploy/ template: every @NAME@ replaced by the value given as NAME=VALUE; an unfilled one is an error.

    python deploy/render.py TEMPLATE TARGET NAME=VALUE...
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def render(template: str, values: dict[str, str]) -> str:
    text = re.sub(r"@([A-Z_]+)@", lambda m: values.get(m.group(1), m.group(0)), template)
    left = sorted(set(re.findall(r"@([A-Z_]+)@", text)))
    if left:
        raise SystemExit(f"render.py: no value for {', '.join(left)}")
    return text


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, target, *pairs = argv
    values = dict(pair.split("=", 1) for pair in pairs)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(render(Path(source).read_text(encoding="utf-8"), values), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
