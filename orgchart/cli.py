"""The ``orgchart`` command line: parse arguments, call the library, print."""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
import warnings
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .base.errors import OrgChartError, Problem, RenderWarning, problem_lines

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from .tasks.modelfile import Failure

__all__ = ["cli", "main"]

class _Path(click.Path):
    """A path, given to the command as a pathlib.Path (imported when a command runs, so
    that --help and --version do without it)."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from pathlib import Path

        return Path(os.fsdecode(super().convert(value, param, ctx)))


_PATH = _Path(exists=False)
#: -o of render and reorg: text, so that a trailing slash ("write into this folder") is seen.
_OUTPUT = click.Path(exists=False, path_type=str)


class _FileOutput(_Path):
    """-o of export and import: a file; a name ending in a slash names a folder: refused."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from .tasks.naming import names_folder

        if isinstance(value, str) and names_folder(value):
            self.fail(f"{value} ends in a slash, so it names a folder; name the file to write "
                      "(in that folder, if you like)", param, ctx)
        return super().convert(value, param, ctx)


_ASSUME = click.option(
    "--assume", type=click.Choice(["before", "after"]), default=None,
    help="Take a change whose date may fall on either side of the date asked for (a change "
         "dated 2019 asked for 2019-06-30) as before or after it; default: refuse.")
_AS_OF = click.option("--as-of", "as_of", default=None,
                      help="PATH is a history: use the structure in force on this date.")


def _assumed(value: str | None) -> Any:
    return value


class _Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so that nothing is left half-done."""


#: errors of a full (or failing) disk, e.g. under standard output sent to a file
_FULL = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})


def _on_sigterm(signum: int, _frame: object) -> None:
    raise _Terminated(signum)


class _Group(click.Group):
    """Turn every library error into a one-line message and exit code 1.

    Ctrl-C exits 130 and SIGTERM 143 (128 + the signal), each with one line and no
    traceback: 1 means "problems found".
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", RenderWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except OrgChartError as err:
            raise click.ClickException(str(err)) from None
        except OSError as err:
            if err.errno not in _FULL:
                raise
            raise click.ClickException(f"cannot write the output: {err.strerror}; make room, "
                                       "or write it elsewhere") from None
        except KeyboardInterrupt:
            click.echo("\norgchart: interrupted", err=True)
            raise click.exceptions.Exit(128 + signal.SIGINT) from None
        except _Terminated:
            click.echo("\norgchart: stopped (SIGTERM)", err=True)
            raise click.exceptions.Exit(128 + signal.SIGTERM) from None


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """Print the library's warnings as one line each; others as Python does."""
    if issubclass(category, RenderWarning):
        click.echo(f"warning: {message}", err=True)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="orgchart")
@click.option("--no-cache", is_flag=True,
              help="Parse every model file afresh, without the cache of parsed files "
              "(also: ORGCHART_NO_CACHE=1).")
def cli(no_cache: bool) -> None:
    """Model institutional structures (机构编制), check them and draw them."""
    if no_cache:
        from .read.parsecache import turned_off

        click.get_current_context().with_resource(turned_off())


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=_PATH)
@click.option("--strict", is_flag=True, help="Treat warnings as errors, and compare plans' "
              "English names (name_en) with their targets too.")
def validate(paths: tuple[Path, ...], strict: bool) -> None:
    """Check model files (or folders of them); print every problem as file:line:col."""
    from .tasks.validate import validate_files

    count, reports = validate_files(paths, strict)
    _echo_lines([line for r in reports for line in r.lines()])
    failed = [r for r in reports if r.failed(strict)]
    if failed:
        if len(reports) > 1:  # each failing file named, whatever another one found
            click.echo(f"failed: {len(failed)} of {len(reports)}: "
                       + ", ".join(str(r.path) for r in failed), err=True)
        raise SystemExit(1)
    warnings = sum(p.severity != "error" for r in reports for p in r.problems)
    extra = f", {warnings} warning(s)" if warnings else ""
    click.echo(f"ok: {count} file(s) valid{extra}")


@cli.command()
@click.argument("path", type=_PATH)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@_AS_OF
@_ASSUME
def show(path: Path, lang: str, as_of: str | None, assume: str | None) -> None:
    """Print a structure as a tree, with staffing per unit and in total.

    Problems the checks find are printed after it as file:line:col (exit 1 on errors).
    """
    from .rules.checks import check
    from .tasks.history import structure_at
    from .views.show import format_tree

    structure = structure_at(path, as_of, _assumed(assume))
    click.echo(format_tree(structure, lang))
    if _report(check(structure)):
        raise SystemExit(1)


def _report(problems: list[Problem], strict: bool = False) -> bool:
    """Print the problems on stderr (the first 200, then a count); tell whether one fails
    the command."""
    _echo_lines(problems)
    return any(p.is_error or strict for p in problems)


def _echo_lines(lines: Sequence[Problem | str]) -> None:
    """Print findings on stderr: the first 200, then a count."""
    for line in problem_lines(lines):
        click.echo(line, err=True)


def _diagram_options(func: Any) -> Any:
    options = [
        click.option("--lang", type=click.Choice(["zh", "en", "both"]), default="zh",
                     show_default=True, help="Unit names in Chinese, English or both."),
        click.option("--staffing/--no-staffing", default=True, show_default=True,
                     help="Show staffing badges such as 行3 事5 领1/2."),
        click.option("--functions/--no-functions", default=False, show_default=True,
                     help="List each unit's functions (职能)."),
        click.option("--direction", type=click.Choice(["TB", "LR"]), default="TB",
                     show_default=True, help="Top-down or left-to-right."),
        click.option("--theme", type=click.Path(dir_okay=False), default=None,
                     help="A YAML theme file overriding colours and styles."),
        click.option("--font", default=None, help="Font family to try first."),
        click.option("--font-file", type=click.Path(dir_okay=False), default=None,
                     help="A .ttf/.otf/.ttc font file to use."),
        click.option("--mark-unverified/--no-mark-unverified", default=True,
                     show_default=True,
                     help="Draw units whose facts are not verified dashed, with ※ (so a "
                          "reconstruction never looks like an official chart)."),
        click.option("--order", type=click.Choice(["declared", "crossings"]),
                     default="declared", show_default=True,
                     help="Reform charts: keep each side's units in declared (三定) order, "
                          "or let Graphviz order them for the fewest crossings."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _options(kw: dict[str, Any]) -> Any:
    from .charts import DiagramOptions

    return DiagramOptions(**kw)


@cli.command()
@click.argument("path", type=_PATH)
@click.option("-o", "--output", type=_OUTPUT, default=None,
              help="Output file (default: PATH with the format's suffix). A name without a "
                   "suffix gets the format's suffix; a folder (or a name ending in /, made "
                   "if need be) gets PATH's name inside it.")
@click.option("-f", "--format", "fmt", type=click.Choice(["svg", "png", "pdf", "dot", "html"]),
              default=None, help="Output format (default: from the output suffix, else svg). "
                                 "It must agree with the output suffix: -o x.png -f svg is "
                                 "refused.")
@_AS_OF
@_ASSUME
@_diagram_options
def render(path: Path, output: str | None, fmt: str | None, as_of: str | None,
           assume: str | None, **kw: Any) -> None:
    """Draw the org chart (机构设置图) of one model file (a plan: its before/after chart)."""
    from .tasks.render import render_file

    click.echo(f"wrote {render_file(path, output, fmt, _options(kw), as_of, _assumed(assume))}")


@cli.command()
@click.argument("models_dir", type=_PATH, default="models")
@click.option("-o", "--output-dir", type=_PATH, default="output", show_default=True)
@click.option("-f", "--format", "formats", multiple=True,
              type=click.Choice(["svg", "png", "pdf", "dot", "html"]),
              help="Formats to write (repeat; default: svg, png, dot and html; "
                   "--check compares the dot files).")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if the DOT files or pages (their data, not the "
                   "fonts-bound pictures) in the output folder are stale.")
@_diagram_options
def build(models_dir: Path, output_dir: Path, formats: tuple[str, ...], check: bool,
          **kw: Any) -> None:
    """Render every model under MODELS_DIR into OUTPUT_DIR, with an index page."""
    from .tasks import build as building

    options = _options(kw)
    if check:
        found = building.stale_outputs(models_dir, output_dir, options)
        for name in found.stale:
            click.echo(f"stale: {name}: not what the models give now; rebuild with "
                       f"'orgchart build {models_dir} -o {output_dir}' (./run demo)", err=True)
        _failed(found.failures)
        if found.failures:
            raise click.ClickException(f"{len(found.failures)} model(s) cannot be drawn; fix "
                                       "them first ('orgchart validate' lists every problem)")
        if found.stale:
            raise click.ClickException(f"{len(found.stale)} file(s) out of date; run "
                                       "'./run demo' (or 'orgchart build') and commit output/")
        click.echo(f"ok: {output_dir} is up to date")
        return
    models = building.prepare(models_dir, output_dir)  # before the bar: an error stands alone
    with click.progressbar(length=len(models), label="rendering", file=sys.stderr,
                           show_pos=True) as bar:
        result = building.build(models_dir, output_dir, formats or building.DEFAULT_FORMATS,
                                options, progress=lambda _p: bar.update(1), models=models,
                                waiting=lambda: click.echo(
                                    f"\nwaiting: another orgchart build is writing into "
                                    f"{output_dir}", err=True))
    for model, said in result.warnings:
        click.echo(f"warning: {model}: {said}", err=True)
    _failed(result.failures)
    click.echo(f"wrote {len(result.written)} file(s) to {output_dir}")
    if result.failures:
        raise SystemExit(1)


def _failed(failures: list[Failure]) -> None:
    for failure in failures:
        click.echo(f"failed: {failure.reason}", err=True)


@cli.command()
@click.argument("plan", type=_PATH)
@click.option("--check", "check_only", is_flag=True,
              help="Only check the accounting; exit 1 when it fails.")
@click.option("-o", "--output", type=_OUTPUT, default=None,
              help="Draw the before/after diagram to this file (.svg, .png, .pdf, .dot). "
                   "A name without a suffix gets .svg; a folder (or a name ending in /, made "
                   "if need be) gets PLAN's name inside it.")
@click.option("--view", type=click.Choice(["full", "delta"]), default="full", show_default=True,
              help="Draw every unit, or only what changed.")
@click.option("--table", type=click.Choice(["md", "csv"]), default=None,
              help="Print the crosswalk (old unit, event, new units, moves) instead.")
@click.option("--strict", is_flag=True,
              help="Compare the English names (name_en) with the target too.")
@_diagram_options
def reorg(plan: Path, check_only: bool, output: str | None, view: str, table: str | None,
          strict: bool, **kw: Any) -> None:
    """Apply a reorganisation plan, account for every function and post, draw it."""
    from .rules.accounting import staffing_table
    from .rules.crosswalk import crosswalk_table
    from .tasks.render import account_plan, draw_plan
    from .tasks.validate import FileReport

    if table and output is not None:
        raise click.UsageError("--table prints the crosswalk and draws nothing; drop -o, or "
                               "run once with --table and once with -o")
    if check_only and output is not None:
        raise click.UsageError("--check only checks and draws nothing; drop -o, or drop "
                               "--check to check and draw")
    run = account_plan(plan, output, translations=strict)  # a bad -o: refused first
    if table:
        click.echo(crosswalk_table(run.accounting, table, kw.get("lang", "zh")), nl=False)
        return
    # a finding in another file (the target) is told as this plan's; run.failure decides
    # below, after the table
    _echo_lines(FileReport(plan, run.accounting.problems).lines())
    if not check_only:
        click.echo(staffing_table(run.accounting, "en" if kw.get("lang") == "en" else "zh"))
    if run.failure is not None:
        raise click.ClickException(run.failure)
    if run.target is not None:
        click.echo(f"wrote {draw_plan(run, _options(kw), view)}")
    click.echo(f"ok: {plan}: every unit, function and post is accounted for")


@cli.command()
@click.argument("old", type=_PATH)
@click.argument("new", type=_PATH, required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "yaml", "json"]), default="text",
              show_default=True, help="text for reading; yaml is a plan file's events.")
@click.option("--from", "start", default=None, help="With a history: the date to start from.")
@click.option("--to", "end", default=None, help="With a history: the date to end at.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="The words of the text, and of the notes of the guessed events.")
@_ASSUME
def diff(old: Path, new: Path | None, fmt: str, start: str | None, end: str | None,
         lang: str, assume: str | None) -> None:
    """Print the change events that turn structure OLD into structure NEW, or those of
    history OLD between --from and --to (with each change's staffing accounting)."""
    if start is not None or end is not None:
        from .tasks.history import diff_between

        if start is None or end is None or new is not None:
            raise click.UsageError("a history's diff takes HISTORY --from DATE --to DATE")
        click.echo(diff_between(old, start, end, _assumed(assume)), nl=False)
        return
    if new is None:
        raise click.UsageError("name two structures (OLD NEW), or a history with --from and "
                               "--to")
    from .tasks.diff import diff_files

    click.echo(diff_files(old, new, fmt, lang), nl=False)


@cli.command()
@click.argument("history", type=_PATH)
@click.argument("date")
@click.option("-o", "--output", type=_FileOutput(), default=None,
              help="Write the structure here as yaml or json (default: print it as a tree).")
@_ASSUME
def asof(history: Path, date: str, output: Path | None, assume: str | None) -> None:
    """Print (or write) the structure HISTORY holds in force on DATE."""
    from .tasks.history import structure_at
    from .views.show import format_tree

    structure = structure_at(history, date, _assumed(assume))
    if output is None:
        click.echo(format_tree(structure, "zh"))
        return
    from .tasks.history import write_structure

    click.echo("wrote " + ", ".join(str(p) for p in write_structure(structure, output)))


@cli.command()
@click.argument("history", type=_PATH)
@click.argument("unit", required=False)
@click.option("--structure", default=None, help="The structure the unit is in (when several "
                                                "have a unit with this id).")
@click.option("-o", "--output", type=_FileOutput(), default=None,
              help="Draw the lineage diagram here (svg, png, pdf or dot) instead of printing.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="The language of the text (the diagram is in Chinese).")
def history(history: Path, unit: str | None, structure: str | None,
            output: Path | None, lang: str) -> None:
    """Print the 沿革 of UNIT (its dated changes, predecessors and successors), or every
    change of HISTORY with its document; with -o, draw it as a lineage diagram."""
    from .tasks.history import history_text

    if output is not None:
        from .tasks.history import draw_lineage

        draw_lineage(history, output, unit, structure)
        click.echo(f"wrote {output}")
        return
    click.echo(history_text(history, unit, structure, lang), nl=False)


@cli.command()
@click.argument("path", type=_PATH)
@click.option("--format", "fmt", type=click.Choice(["text", "csv"]), default="text",
              show_default=True, help="text for reading; csv one row per fact.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="The language of the text (the CSV is the same in both).")
def audit(path: Path, fmt: str, lang: str) -> None:
    """List every fact of a structure (or event of a plan) with its evidence and sources."""
    from .tasks.audit import audit_file

    click.echo(audit_file(path, fmt, lang), nl=False)


@cli.command()
@click.argument("path", type=_PATH)
@click.option("--to", "fmt", required=True,
              type=click.Choice(["yaml", "json", "jsonld", "popolo", "graphml", "gexf", "csv",
                                 "mermaid", "sqlite", "parquet"]),
              help="The format to write. sqlite and parquet take a model file or a folder "
                   "of them and need -o (parquet: a folder, one file per table).")
@click.option("-o", "--output", type=_FileOutput(), default=None,
              help="Write here (default: standard output). For csv, the relations table "
                   "goes beside it as NAME-relations.csv. A suffix must fit the format "
                   "(-o x.json --to yaml is refused).")
@_AS_OF
@_ASSUME
def export(path: Path, fmt: str, output: Path | None, as_of: str | None,
           assume: str | None) -> None:
    """Export a structure or plan (sqlite, parquet: or a folder of them) to an open format."""
    from .tasks.export import DATABASE_FORMATS, OutputIsInputError, export_database, export_file

    try:
        if fmt in DATABASE_FORMATS:
            if as_of is not None or assume is not None:
                raise click.UsageError(f"--to {fmt} takes model files as they are; export a "
                                       "history's state with --to yaml --as-of DATE first")
            done = export_database(path, fmt, output)
        else:
            done = export_file(path, fmt, output, as_of, _assumed(assume))
    except OutputIsInputError as err:
        raise click.UsageError(str(err)) from None
    if done.warning is not None:
        click.echo(done.warning, err=True)
    if done.text is not None:
        click.echo(done.text, nl=False)
    else:
        click.echo("wrote " + " and ".join(str(p) for p in done.written))


@cli.command()
@click.argument("path", type=_PATH)
@click.option("--kind", required=True, metavar="KIND",
              help="roster 核定表, usage 编制使用情况表, problems 问题清单, notice 公示表 "
                   "(.xlsx, .csv, .html); sanding 三定 skeleton, reform a plan's reform "
                   "report (.docx); yange a history's 沿革表 (.xlsx, .csv, .html).")
@click.option("-o", "--output", type=_FileOutput(), required=True,
              help="The file to write; its suffix picks the format.")
@_AS_OF
@_ASSUME
def report(path: Path, kind: str, output: Path, as_of: str | None,
           assume: str | None) -> None:
    """Write a staffing office's table or document of a structure, a county (a summary,
    then each member) or a plan."""
    from .tasks.report import UnknownKindError, report_file

    try:
        click.echo(f"wrote {report_file(path, kind, output, as_of, _assumed(assume))}")
    except UnknownKindError as err:
        raise click.UsageError(str(err)) from None


@cli.command("import")
@click.argument("table", type=_PATH)
@click.option("-o", "--output", type=_FileOutput(), required=True,
              help="The model file to write.")
@click.option("--id", "structure_id", default=None, help="Structure id (default: file name).")
@click.option("--name", default=None, help="Structure name (default: file name).")
@click.option("--relations", type=_PATH, default=None,
              help="The relations table (links); default: TABLE-relations.csv beside TABLE, "
                   "if there is one.")
def import_table(table: Path, output: Path, structure_id: str | None, name: str | None,
                 relations: Path | None) -> None:
    """Read a unit table (.csv or .xlsx) into a model file; nothing is written on error."""
    from .tasks.importing import import_to_file

    imported = import_to_file(table, output, structure_id, name, relations)
    _report(imported.warnings)  # errors were refused while reading
    click.echo(f"wrote {output} ({imported.summary})")


@cli.command()
@click.argument("path", type=_PATH)
@click.option("--by", type=click.Choice(["unit", "category", "kind", "member"]),
              default="unit", show_default=True, help="Group rows by this.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@_AS_OF
@_ASSUME
def stats(path: Path, by: str, fmt: str, as_of: str | None, assume: str | None) -> None:
    """Staffing per unit, category or kind (or per member town), vacancies and caps."""
    from .tasks.history import structure_at
    from .views.stats import cap_stats, format_stats, staffing_stats

    structure = structure_at(path, as_of, _assumed(assume))
    click.echo(format_stats(staffing_stats(structure, by), cap_stats(structure), fmt,
                            structure.reported), nl=False)


@cli.command()
def doctor() -> None:
    """Report the Graphviz version and the CJK fonts found; say what to install."""
    from .tasks.doctor import diagnose

    report = diagnose()
    click.echo(str(report))
    if not report.ok:
        raise SystemExit(1)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of model files (for editors and CI)."""
    import json

    from .schema.jsonschema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True))


@cli.command()
@click.argument("path", type=_PATH, default="models")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@_diagram_options
def serve(path: Path, port: int, **kw: Any) -> None:
    """Preview the interactive chart of PATH (a model file, or a folder of them) on
    127.0.0.1; the page reloads when a file is saved and shows its problems, if any."""
    from .tasks.serve import serve as serving

    serving(path, _options(kw), port,
            ready=lambda url: click.echo(f"serving {path} at {url} (Ctrl-C stops)"))


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script, e.g. eval "$(orgchart completion bash)"."""
    from click.shell_completion import get_completion_class

    comp_cls = get_completion_class(shell)
    assert comp_cls is not None
    comp = comp_cls(cli, {}, "orgchart", "_ORGCHART_COMPLETE")
    click.echo(comp.source())


def main() -> None:
    """Run the CLI (the console script's entry point)."""
    _utf8_streams()
    signal.signal(signal.SIGTERM, _on_sigterm)
    cli(prog_name="orgchart")


def _utf8_streams() -> None:
    """Write UTF-8 to standard output and error, whatever the locale says.

    What orgchart prints is Chinese text or a file (``export --to yaml > m.yaml``) that
    must read back as UTF-8; a Latin-1 or GB18030 locale must neither fail on it nor
    change its bytes. A character UTF-8 cannot hold (a lone surrogate from an undecodable
    file name) is written with a backslash escape, so printing never fails.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


if __name__ == "__main__":  # pragma: no cover
    main()
