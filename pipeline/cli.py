"""The `hicm` command line: verbs that read like sentences, one module per verb in pipeline/commands/.

Errors the tool knows about (HicmError) print as one line, `hicm: FILE: problem`, with the
error's exit status (2 for bad input). Anything else is a bug: one line too, unless --debug.
"""
from __future__ import annotations

import importlib
import logging
import os
import sys
import click

from pipeline.core.errors import HicmError, os_problem

#: Command name -> "module:attribute". Loaded only when used, so `hicm --help` stays fast.
COMMANDS = {
    "ingest": "pipeline.commands.ingest:ingest",
    "validate": "pipeline.commands.validate:validate",
    "build": "pipeline.commands.build:build",
    "collect": "pipeline.commands.collect:collect",
    "report": "pipeline.commands.report:report",
    "publish": "pipeline.commands.publish:publish",
    "check-docx": "pipeline.commands.check_docx:check_docx",
    "lint": "pipeline.commands.lint:lint",
    "diff": "pipeline.commands.diff:diff",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use, and which turns errors into one line."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        return getattr(importlib.import_module(module), attribute)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader of our output went away (`hicm ingest … | head`): not an error to report.
            # Point stdout at devnull so the interpreter's final flush does not fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except HicmError as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            click.echo(f"hicm: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:   # disk full, permission, read-only: the machine's problem, said in one line
            if (ctx.obj or {}).get("debug"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"hicm: error: {where}{os_problem(exc)}", err=True)
            ctx.exit(1)
        except Exception as exc:  # a bug: still one line for the user, unless --debug
            if (ctx.obj or {}).get("debug"):
                raise
            first = str(exc).splitlines()[0][:200] if str(exc) else ""
            click.echo(f"hicm: internal error: {type(exc).__name__}: {first} (run with --debug for the traceback)",
                       err=True)
            ctx.exit(1)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.version_option(package_name="hicm")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """hicm: the LGA High Impact Change Model (Managing transfers of care) as data, and back into documents.

    \b
    Typical use:
      hicm build                          read every edition in source_docs/ into build/editions/
      hicm ingest source_docs/2020/hicm-2020-draft.txt -o 2020-text.json
      hicm validate build/editions/2020.json

    Run `hicm COMMAND --help` for each command's options and examples.
    """
    ctx.obj = {"debug": debug}
    if not debug:
        # Parser libraries log their repairs of damaged files (pdfminer: "MediaBox missing…");
        # a user gets hicm's one line instead, and --debug shows everything.
        logging.getLogger("pdfminer").setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `hicm` console script."""
    cli.main(args=argv, prog_name="hicm")


if __name__ == "__main__":
    main()
