"""House rule: a module stays under ~400 lines (ruff has no such rule). `# why:` exceptions are
listed here with their reason."""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 400
FOLDERS = ("engine", "api", "worker", "sandbox", "reglament", "bench")
EXCEPTIONS: dict[str, str] = {}


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    too_long = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            rel = str(path.relative_to(root))
            lines = sum(1 for _ in path.open(encoding="utf-8"))
            if lines > LIMIT and rel not in EXCEPTIONS:
                too_long.append(f"{rel}: {lines} lines (limit {LIMIT})")
    for line in too_long:
        print(line)
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main())
