"""The command line: parse arguments, call the library, map errors to exit codes.

Exit codes: 0 success, 1 a problem in the site's content or templates, 2 a usage error.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen import __version__
from sitegen.errors import SearchError, SitegenError, UsageError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sitegen", description="Build a static blog from Markdown posts.")
    p.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build the site into output/",
                       description="Build SITE_DIR (default: the current folder) into its output/ folder.")
    b.add_argument("site_dir", nargs="?", default=".", metavar="SITE_DIR", help="the site's folder (default: .)")
    b.add_argument("--output", "-o", metavar="DIR", help="write the site here (default: SITE_DIR/output)")
    b.add_argument("--base-url", metavar="URL", help="override base_url from sitegen.toml")
    b.add_argument("--drafts", action="store_true", help="include posts with draft: true")
    b.add_argument("--future", action="store_true", help="include posts dated in the future")
    b.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    b.add_argument("--timings", action="store_true", help="print where the build's time went, stage by stage")

    i = sub.add_parser("init", help="make a new site in DIR that builds at once",
                       description="Write a new site into DIR (created when missing; refused when it holds anything): "
                                   "sitegen.toml, a first post, an About page, .gitignore, a GitHub Pages workflow "
                                   "and DEPLOY.md. Never overwrites a file.")
    i.add_argument("dir", metavar="DIR", help="the new site's folder")
    i.add_argument("--title", default="My Blog", help="the site's title (default: My Blog)")
    i.add_argument("--author", metavar="NAME", help="the first post's author; also writes content/authors.yaml")
    i.add_argument("--base-url", default="https://example.com/", metavar="URL",
                   help="the address the site will be published at (default: https://example.com/)")
    i.add_argument("--sitegen-from", metavar="PIP_SPEC",
                   help="how the deploy workflow installs sitegen (default: this copy's repository and commit, "
                        "when its install records them)")

    n = sub.add_parser("new", help="write a new post with front matter",
                       description="Write content/posts/<slug>.md with front matter. Never overwrites a file.")
    n.add_argument("title", help="the post's title")
    n.add_argument("--site", default=".", metavar="SITE_DIR", help="the site's folder (default: .)")
    n.add_argument("--author", metavar="ID", help="the author's id (from content/authors.yaml)")
    n.add_argument("--tags", metavar="a,b", help="comma-separated tags")
    n.add_argument("--draft", action="store_true", help="mark the post as a draft")

    s = sub.add_parser("serve", help="build, serve on localhost and reload the browser on every save",
                       description="Build SITE_DIR, serve it and rebuild on every change.")
    s.add_argument("site_dir", nargs="?", default=".", metavar="SITE_DIR")
    s.add_argument("--port", type=int, default=8000, help="port (0 picks a free one; default 8000)")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    s.add_argument("--drafts", action="store_true", help="include drafts")
    s.add_argument("--future", action="store_true", help="include future posts")
    s.add_argument("--open", action="store_true", help="open the site in a browser")
    c = sub.add_parser("check", help="build the site and check it before publishing",
                       description="Build SITE_DIR, then check every internal link and fragment, every feed "
                                   "(well-formed, absolute URLs, unique ids) and every post against data/facts.yaml.")
    c.add_argument("site_dir", nargs="?", default=".", metavar="SITE_DIR")
    c.add_argument("--output", "-o", metavar="DIR", help="the output folder (default: SITE_DIR/output)")
    c.add_argument("--external", action="store_true", help="also request every external link (off by default)")
    c.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each external link")
    from sitegen.importers.cli import add_parser as add_import_parser
    add_import_parser(sub)
    return p


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    """The build's progress callback: a bar on a terminal; elsewhere (CI, a pipe) a plain line
    every 10 seconds once the build runs that long (commands/progress.py)."""
    if not sys.stderr.isatty():
        from sitegen.commands.progress import ProgressLog, running

        def write(text: str) -> None:
            sys.stderr.write(text)
            sys.stderr.flush()

        with running(ProgressLog(write)) as log:
            yield log
        return
    import time
    start = time.perf_counter()

    def show(stage: str, done: int, total: int) -> None:
        if time.perf_counter() - start < 0.5 and done < total:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{stage:>6} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    yield show


def cmd_build(args: argparse.Namespace) -> int:
    from sitegen.pipeline import Options, build
    site = Path(args.site_dir)
    if not site.is_dir():
        raise UsageError(f"site folder not found: {site}", hint="give the folder that holds content/ and sitegen.toml")
    if args.timings:
        from sitegen.pipeline import timings
        timings.install()
    with _progress() as progress:
        report = build(Options(site_dir=site, output_dir=Path(args.output) if args.output else None,
                               base_url=args.base_url, drafts=args.drafts, future=args.future), progress)
    for warning in report.warnings:
        print(f"sitegen: warning: {warning}", file=sys.stderr)
    if not args.quiet:
        print(report.summary())
    if args.timings:
        print(timings.report(report.seconds), file=sys.stderr)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from sitegen.commands import install_source
    from sitegen.commands.init import init_site
    from sitegen.pipeline.context import Options, now_for
    root = Path(args.dir)
    made = init_site(root, title=args.title, author=args.author, base_url=args.base_url,
                     now=now_for(Options(site_dir=root)), install=args.sitegen_from)
    print(f"Made a new site in {root}: " + ", ".join(made.written))
    workflow = (root / ".github/workflows/deploy.yml").read_text("utf-8")
    if install_source.PLACEHOLDER in workflow:
        print("Before the first deploy: set SITEGEN in .github/workflows/deploy.yml to the repository and commit "
              "sitegen is installed from (this copy's install does not record them; or use --sitegen-from)")
    print(f"Next: cd {root} && sitegen serve   (then edit {made.first_post}; DEPLOY.md says how to publish)")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from sitegen.commands.new import new_post
    path = new_post(Path(args.site), args.title, author=args.author,
                    tags=[t.strip() for t in (args.tags or "").split(",") if t.strip()], draft=args.draft)
    print(f"Wrote {path}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from sitegen.commands import check
    from sitegen.pipeline import Options, build
    site = Path(args.site_dir)
    if not site.is_dir():
        raise UsageError(f"site folder not found: {site}", hint="give the folder that holds content/ and sitegen.toml")
    out = Path(args.output) if args.output else site / "output"
    with _progress() as progress:
        print(build(Options(site_dir=site, output_dir=out), progress).summary())
    problems = check.check_links(out, external=args.external, timeout=args.timeout)
    problems += check.check_feeds(out)
    problems += check.check_facts(site)
    problems += check.check_translations(site)
    if problems:
        raise SitegenError(problems=problems)
    print("Checked: every link and fragment resolves, every feed is well-formed, no stale facts.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sitegen.serve import serve
    return serve(Path(args.site_dir), host=args.host, port=args.port, drafts=args.drafts,
                 future=args.future, open_browser=args.open)


def cmd_import(args: argparse.Namespace) -> int:
    from sitegen.importers.cli import run
    return run(args)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace, *, own_process: bool) -> int:
    try:
        return handler(args)
    finally:
        if own_process:
            # the process ends now: spare Python's last collection a walk over everything the
            # command left (0.1 s after a build of 10,000 posts; the memory is freed at exit anyway)
            gc.freeze()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    handlers = {"init": cmd_init, "build": cmd_build, "new": cmd_new, "serve": cmd_serve, "check": cmd_check,
                "import": cmd_import}
    try:
        return _run(handlers[args.command], args, own_process=argv is None)
    except UsageError as err:
        print(f"sitegen: error: {err}", file=sys.stderr)
        return 2
    except SearchError as err:            # after the pages were written: one line, with the fix
        print(f"sitegen: {err.first.message} -> {err.first.hint}", file=sys.stderr)
        return 1
    except SitegenError as err:
        count = len(err.problems)
        tail = ":" if args.command == "check" else ", nothing was written:"
        print(f"sitegen: {count} problem{'s' if count != 1 else ''} found{tail}", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
