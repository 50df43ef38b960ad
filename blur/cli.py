"""The ``blur`` command line: a thin layer over the library API.

Every failure a user can fix prints one line ``blur: error: ...`` on stderr
and exits with the code documented in the README (see :mod:`blur.errors`);
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .analyze import analyze
from .config import load as load_config
from .config import show as show_config
from .batch import BatchInterrupted, BatchOptions, run_batch
from .batch.display import make_display
from .errors import EXIT_CODES, SOME_FILES_FAILED, BlurError, OutputError
from .interrupt import stop_on_signals
from .io.atomic import atomic_output
from .pipeline import redact
from .io.atomic import check_output_path
from .plan import Plan
from .render import render

log = logging.getLogger("blur")


def _guarded(func: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(func)
    def wrapper(*args: Any, debug: bool = False, quiet: bool = False, **kwargs: Any) -> None:
        logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                            format="blur: %(levelname)s: %(message)s", stream=sys.stderr)
        stop_on_signals()  # `kill` and Ctrl-C unwind, so temporary outputs are removed
        try:
            func(*args, quiet=quiet, **kwargs)
        except BlurError as exc:
            if debug:
                raise
            click.echo(f"blur: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException:
            raise  # usage errors: click prints them and exits 2
        except KeyboardInterrupt:
            click.echo("blur: interrupted; no output was written", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if debug:
                raise
            # Only the exception's type: its message could quote data.
            click.echo(f"blur: internal error ({exc.__class__.__name__}); rerun with --debug for details",
                       err=True)
            sys.exit(1)

    wrapper = click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")(wrapper)
    wrapper = click.option("--quiet", "-q", is_flag=True, help="No progress output.")(wrapper)
    return wrapper


_input = click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
_elements = click.option("--elements", "elements_path", type=click.Path(path_type=Path, dir_okay=False),
                         help="DOM-geometry sidecar (JSON lines from blur/elements/capture.js): also blur "
                              "the elements the config's selectors name.")
_bad_elements = click.option("--ignore-bad-elements", is_flag=True,
                             help="A malformed --elements file is a warning (OCR only), not an error.")
_config = click.option("--config", "-c", "config_path", type=click.Path(path_type=Path),
                       help="Customer config YAML (merged over configs/default.yaml).")


@click.group(epilog="Exit codes:\n\n" + "\n\n".join(f"{c}: {t}" for c, t in sorted(EXIT_CODES.items())))
@click.version_option(__version__, prog_name="blur")
def main() -> None:
    """Find and blur sensitive text (emails, cards, keys...) in screen recordings."""


@main.command()
@_input
@click.option("--output", "-o", "output_path", required=True, type=click.Path(path_type=Path),
              help="Redacted video to write (.mp4, .mov, .mkv or .webm).")
@_config
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Also write the plan (tracks, boxes, stats; never text) as JSON.")
@_elements
@_bad_elements
@_guarded
def run(input_path: Path, output_path: Path, config_path: Path | None, report_path: Path | None,
        elements_path: Path | None, ignore_bad_elements: bool, quiet: bool) -> None:
    """Analyze and render in one go: INPUT -> redacted OUTPUT."""
    if report_path:  # checked first: a report that cannot be written fails before minutes of work
        check_output_path(input_path, report_path)
    report = redact(input_path, output_path, load_config(config_path), quiet=quiet, elements=elements_path,
                    bad_elements="warn" if ignore_bad_elements else "fail")
    if report_path:
        try:
            report.plan.save(report_path)
        except BaseException:
            output_path.unlink(missing_ok=True)  # the output and its report, or neither
            raise
    if not quiet:
        click.echo(json.dumps(report.summary()), err=True)


@main.command(name="analyze")
@_input
@click.option("--output", "-o", "plan_path", required=True, type=click.Path(path_type=Path),
              help="Plan JSON to write.")
@_config
@_elements
@_bad_elements
@_guarded
def analyze_cmd(input_path: Path, plan_path: Path, config_path: Path | None, elements_path: Path | None,
                ignore_bad_elements: bool, quiet: bool) -> None:
    """Pass 1: find sensitive regions and write a plan (edit it, then `blur render`)."""
    plan = analyze(input_path, load_config(config_path), quiet=quiet, elements=elements_path,
                   bad_elements="warn" if ignore_bad_elements else "fail")
    plan.save(plan_path)


@main.command(name="render")
@_input
@click.option("--plan", "-p", "plan_path", required=True, type=click.Path(path_type=Path),
              help="Plan JSON from `blur analyze` or `blur run --report`.")
@click.option("--output", "-o", "output_path", required=True, type=click.Path(path_type=Path),
              help="Redacted video to write.")
@_guarded
def render_cmd(input_path: Path, plan_path: Path, output_path: Path, quiet: bool) -> None:
    """Pass 2: blur what a plan says and encode the output."""
    render(input_path, Plan.load(plan_path), output_path, quiet=quiet)


@main.command(name="batch")
@click.argument("sources", metavar="INPUT...", nargs=-1)
@click.option("--out-dir", "-O", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Where outputs go, mirroring the input tree (each with OUTPUT.plan.json beside it).")
@click.option("--configs", "configs_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of per-customer configs: uploads/<customer>/... uses <customer>.yaml, "
                   "else default.yaml.")
@_config
@click.option("--list", "list_files", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="File listing inputs, one per line (relative to the list's folder).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Files processed at once, each in its own process.")
@click.option("--force", is_flag=True, help="Redo outputs that are already up to date.")
@click.option("--summary", "summary_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a JSON summary: per file status, reason, timings, tracks per kind; totals.")
@_guarded
def batch_cmd(sources: tuple[str, ...], out_dir: Path, configs_dir: Path | None, config_path: Path | None,
              list_files: tuple[Path, ...], jobs: int, force: bool, summary_path: Path | None, quiet: bool) -> None:
    """Redact every video under INPUT folders/globs (and --list files) into --out-dir.

    Re-running skips outputs that are up to date (same input, config and blur
    version). Exit 0 if every file succeeded, 8 if some failed.
    """
    if not sources and not list_files:
        raise click.UsageError("give at least one INPUT folder, file or glob, or --list FILE")
    if configs_dir is not None and config_path is not None:
        raise click.UsageError("--configs and --config are exclusive: per-customer configs, or one for all")
    options = BatchOptions(out_dir=out_dir, configs_dir=configs_dir, config=config_path, jobs=jobs, force=force)
    try:
        summary = run_batch(list(sources), options, lambda files: make_display(files, jobs, quiet),
                            list_files=list(list_files))
    except BatchInterrupted as stop:
        if summary_path:
            _write_json(summary_path, stop.summary)
        click.echo("blur: batch interrupted; running files were stopped and left no output", err=True)
        sys.exit(stop.exit_code)
    if summary_path:
        _write_json(summary_path, summary)
    totals = summary["totals"]
    if not quiet:
        click.echo(f"blur: {totals['done']} done, {totals['skipped']} skipped, {totals['failed']} failed "
                   f"in {totals['seconds']:.1f} s", err=True)
    if totals["failed"]:
        sys.exit(SOME_FILES_FAILED)


def _write_json(path: Path, data: dict) -> None:
    try:
        with atomic_output(path) as tmp:
            tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    except FileNotFoundError:
        raise OutputError(f"cannot write summary {path}: folder does not exist") from None


@main.group(name="config")
def config_group() -> None:
    """Check or show customer config files (for customers' CI)."""


@config_group.command(name="check")
@click.argument("config_path", metavar="FILE", type=click.Path(path_type=Path))
def config_check(config_path: Path) -> None:
    """Validate FILE: exit 0 if valid, 1 with one line per problem if not."""
    try:
        load_config(config_path)
    except BlurError as exc:
        for problem in str(exc).split("; "):
            click.echo(f"blur: error: {problem}", err=True)
        sys.exit(1)
    click.echo(f"{config_path}: ok")


@config_group.command(name="show")
@click.argument("config_path", metavar="FILE", type=click.Path(path_type=Path))
def config_show(config_path: Path) -> None:
    """Print FILE resolved (merged over what it extends) as YAML."""
    try:
        config = load_config(config_path)
    except BlurError as exc:
        click.echo(f"blur: error: {exc}", err=True)
        sys.exit(1)
    click.echo(show_config(config), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
