"""The checked-in manifest of every classification: a reviewer sees each change in a diff."""

import json
from pathlib import Path

from gdpr.registry import registry

MANIFEST_PATH = Path(__file__).resolve().parent / "manifest.json"


def render() -> str:
    return json.dumps(registry.manifest(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def differences(path: Path = MANIFEST_PATH) -> list[str]:
    """Human-readable differences between the registry and the manifest on disk."""
    if not path.exists():
        return [f"{path.name} is missing"]
    try:
        stored = json.loads(path.read_text())
    except ValueError as exc:
        return [f"{path.name} is not valid JSON ({exc})"]
    live = json.loads(render())
    diff = []
    for label in sorted(set(stored) | set(live)):
        if label not in stored:
            diff.append(f"{label} is new")
        elif label not in live:
            diff.append(f"{label} is gone")
        elif stored[label] != live[label]:
            fields = stored[label].get("fields", {}), live[label].get("fields", {})
            changed = sorted(
                n for n in set(fields[0]) | set(fields[1]) if fields[0].get(n) != fields[1].get(n)
            )
            diff.append(f"{label} changed ({', '.join(changed) or 'its declaration'})")
    return diff


def write(path: Path = MANIFEST_PATH) -> bool:
    """Write the manifest; True if it changed."""
    text = render()
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True
