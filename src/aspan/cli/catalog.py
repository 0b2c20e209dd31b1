"""``aspan catalog``: import, list, show, export and update element sets in the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from aspan.catalog.reports import ELEMENTS, list_rows, show_record
from aspan.cli.common import (
    CatalogOption,
    JsonOption,
    NoradOption,
    StoreOption,
    emit_json,
    fmt_age,
    load_from_options,
    open_store,
    parse_norads,
    print_table,
    progress_reporter,
    stdout_console,
    warn,
)
from aspan.errors import InputError

app = typer.Typer(help="Element sets: import files, list, show, export, update from CelesTrak.",
                  no_args_is_help=True)

SkipInvalidOption = Annotated[bool, typer.Option(
    "--skip-invalid", help="import the valid records and report the invalid ones "
    "(default: a file with an invalid record imports nothing)")]
_SHOWN_PROBLEMS = 20

@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="TLE, 3LE or OMM files",
                                                show_default=False)],
    skip_invalid: SkipInvalidOption = False,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Import catalog files into the store, all in one transaction (nothing on error)."""
    with open_store(store) as opened, progress_reporter(not json_out) as progress:
        reports = opened.import_files(files, strict=not skip_invalid, progress=progress)
        counts = opened.counts()
        path = opened.path
    if json_out:
        emit_json({"store": str(path), "imports": [r.to_dict() for r in reports],
                   "counts": counts})
        return
    for report in reports:
        print(report.summary())
        _warn_problems(report)
    print(f"store {path}: {counts['objects']} objects, {counts['element_sets']} element sets")


def _warn_problems(report) -> None:
    if not report.problems:
        return
    warn(f"{report.source}: skipped {len(report.problems)} invalid record"
         f"{'s' * (len(report.problems) != 1)}:")
    for problem in report.problems[:_SHOWN_PROBLEMS]:
        print(f"  {problem}", file=sys.stderr)
    if len(report.problems) > _SHOWN_PROBLEMS:
        print(f"  ... and {len(report.problems) - _SHOWN_PROBLEMS} more", file=sys.stderr)


@app.command("list")
def list_(
    name: Annotated[list[str] | None, typer.Option(
        "--name", metavar="GLOB", help="names matching this pattern (any case; repeatable), "
        "e.g. 'KAZ*'", show_default=False)] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="show at most N objects",
                                              show_default=False)] = None,
    catalog: CatalogOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """List objects with the epoch and age (days) of their latest element set."""
    if catalog is None:
        with open_store(store) as opened:
            elements = opened.latest(names=name)
    else:
        elements = load_from_options(catalog, None, names=name)
    if limit is not None:
        elements = elements[:limit]
    rows = list_rows(elements)
    if json_out:
        emit_json(rows)
        return
    print_table(f"{len(rows)} object{'s' * (len(rows) != 1)}",
                ["NORAD", "name", "epoch (UTC)", "age (days)"],
                [(r["norad_id"], r["name"], r["epoch"][:23] + "Z", fmt_age(r["age_days"]))
                 for r in rows], justify={"NORAD": "right", "age (days)": "right"},
                no_wrap=("NORAD", "name", "epoch (UTC)"))


@app.command("show")
def show(
    norad: Annotated[int, typer.Argument(metavar="NORAD", help="catalog number",
                                         show_default=False)],
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show the latest element set of one object, its age, and its stored history."""
    with open_store(store) as opened:
        history = opened.history(norad)
    cat = history.catalog
    data, latest = show_record(norad, history)
    entries = data["history"]
    head = entries[latest]
    if json_out:
        emit_json(data)
        return
    console = stdout_console()
    console.print(f"[bold]{head['name'] or '(no name)'}[/bold]  NORAD {norad}  "
                  f"intl {head['intl_designator'] or '-'}  class {head['classification']}")
    console.print(f"epoch  {head['epoch']}  (age {head['age_days']:.2f} days)")
    rows = [(label, fmt.format(cat.columns()[field][latest]), unit)
            for field, label, unit, fmt in ELEMENTS]
    print_table(None, ["element", "value", "unit"], rows, justify={"value": "right"})
    print_table(f"history: {len(entries)} element set{'s' * (len(entries) != 1)}",
                ["epoch (UTC)", "age (days)", "mean motion", "imported (UTC)", "source",
                 "sha256"],
                [(e["epoch"][:19] + "Z", fmt_age(e["age_days"]),
                  f"{e['elements']['mean_motion_rev_day']:.8f}",
                  e["provenance"]["imported_at"], e["provenance"]["source"],
                  e["provenance"]["sha256"][:8]) for e in entries],
                justify={"age (days)": "right"},
                no_wrap=("epoch (UTC)", "imported (UTC)", "sha256"))


@app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="tle, omm-json, omm-xml or omm-csv")] = "tle",
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE",
                                                help="write here instead of stdout",
                                                show_default=False)] = None,
    norad: NoradOption = None,
    name: Annotated[list[str] | None, typer.Option(
        "--name", metavar="GLOB", help="names matching this pattern", show_default=False)] = None,
    catalog: CatalogOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Export the latest element set of each object, in a format that imports back exactly.

    Without -o the text goes to stdout (with --json: inside a JSON object, under "content").
    """
    from aspan.catalog.export import FORMATS, export_catalog

    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}", field="format",
                         value=fmt)
    elements = load_from_options(catalog, store, norad=parse_norads(norad), names=name)
    text = export_catalog(elements, fmt)
    if output is None and json_out:
        emit_json({"format": fmt, "objects": len(elements), "content": text})
        return
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise InputError(f"cannot write {output}: {error.strerror}", file=str(output)) from None
    summary = {"file": str(output), "format": fmt, "objects": len(elements)}
    if json_out:
        emit_json(summary)
    else:
        print(f"wrote {len(elements)} element sets ({fmt}) to {output}")


@app.command("update")
def update(
    group: Annotated[str, typer.Option("--group", help="CelesTrak group, e.g. active, "
                                       "stations, weather")] = "active",
    url_base: Annotated[str | None, typer.Option(
        "--url-base", metavar="URL", help="GP query endpoint [default: "
        "https://celestrak.org/NORAD/elements/gp.php]", show_default=False)] = None,
    skip_invalid: SkipInvalidOption = False,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Fetch CelesTrak GP data for a group and import it.

    A group is downloaded at most once every 2 hours (CelesTrak's update interval);
    meanwhile the cached copy under $ASPAN_HOME/cache is used.
    """
    from aspan.catalog.celestrak import DEFAULT_URL_BASE, update_from_celestrak

    with open_store(store) as opened, progress_reporter(not json_out) as progress:
        result = update_from_celestrak(opened, group=group, url_base=url_base or DEFAULT_URL_BASE,
                                       strict=not skip_invalid, progress=progress)
        counts = opened.counts()
    fetched, report = result.fetched, result.report
    if json_out:
        emit_json({"url": fetched.url, "from_cache": fetched.from_cache, "note": fetched.note,
                   "import": report.to_dict(), "counts": counts})
        return
    if fetched.note:
        warn(fetched.note)
    print(report.summary())
    _warn_problems(report)
    print(f"store: {counts['objects']} objects, {counts['element_sets']} element sets")
