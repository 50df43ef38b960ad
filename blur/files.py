"""Reading user-written files (configs, plans) with errors that say what to fix."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from .errors import BlurError


def read_user_file(path: Path, what: str, error: type[BlurError]) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: {what} file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read {what} file ({exc.__class__.__name__})") from None


def describe_validation_error(source: str, exc: ValidationError) -> str:
    """One ``source: key.path: problem`` entry per problem, joined by "; "."""
    problems = []
    for item in exc.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
        problems.append(f"{source}: {key}: {message}")
    return "; ".join(problems)
