"""The ``orgchart`` command line: parse arguments, call the library, print."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import OrgChartError

__all__ = ["cli", "main"]

_PATH = click.Path(exists=False, path_type=Path)


class _Group(click.Group):
    """Turn every library error into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OrgChartError as err:
            raise click.ClickException(str(err)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="orgchart")
def cli() -> None:
    """Model institutional structures (机构编制), check them and draw them."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=_PATH)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(paths: tuple[Path, ...], strict: bool) -> None:
    """Check model files (or folders of them); print every problem as file:line:col."""
    from .files import validate_paths

    count, problems = validate_paths(paths)
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = [p for p in problems if p.severity == "error" or strict]
    warnings = len(problems) - len([p for p in problems if p.severity == "error"])
    if errors:
        raise SystemExit(1)
    extra = f", {warnings} warning(s)" if warnings else ""
    click.echo(f"ok: {count} file(s) valid{extra}")


@cli.command()
@click.argument("path", type=_PATH)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def show(path: Path, lang: str) -> None:
    """Print a structure as a tree, with staffing per unit and in total."""
    from .loader import load_structure
    from .show import format_tree

    click.echo(format_tree(load_structure(path), lang))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of model files (for editors and CI)."""
    from .schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True))


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
    cli(prog_name="orgchart")


if __name__ == "__main__":  # pragma: no cover
    main()
