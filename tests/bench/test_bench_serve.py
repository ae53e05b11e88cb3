"""The bench's `sitegen serve` measurement, against a stand-in server and, end to end, the real
one; and run.py itself on a tiny size. Nothing here asserts a time value."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import generate
import pytest
import run

from tests.bench.test_bench_run import ensure_hugo

BENCH = Path(run.__file__).resolve().parent
RUN_TIMEOUT = 600  # seconds: a bound on run.py at 30 postings, not a figure

# A stand-in for `sitegen serve`: serves the home page and each posting's Markdown (read when
# asked, with a script after it, as a live-reload script is) under the base path. Options
# before `serve`: --frozen serves the postings as they were at start, --stubborn ignores
# SIGTERM, --leaves-one forks a child that leaves the session, --crash fails at once. It
# starts a helper process in its session, named by the last argument before `serve`.
STAND_IN = """\
import http.server, os, pathlib, signal, subprocess, sys, time
opts, args = sys.argv[1:sys.argv.index("serve")], sys.argv[sys.argv.index("serve") + 1:]
if "--crash" in opts:
    print("boom: the stand-in fails", flush=True)
    raise SystemExit(3)
if "--stubborn" in opts:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
root = pathlib.Path(args[args.index("--root") + 1])
port = int(args[args.index("--port") + 1])
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", opts[-1]])
if "--leaves-one" in opts and os.fork() == 0:
    os.setsid()
    time.sleep(300)
    os._exit(0)
frozen = {p.stem: p.read_bytes() for p in (root / "content" / "postings").glob("*.md")}
time.sleep(0.2)

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        body, status = b"", 404
        if parts == ["digest"]:
            body, status = b"<html>home</html>", 200
        elif len(parts) == 3 and parts[:2] == ["digest", "jobs"]:
            path = root / "content" / "postings" / (parts[2] + ".md")
            if path.is_file():
                text = frozen[parts[2]] if "--frozen" in opts else path.read_bytes()
                body, status = text + b"<script>reload()</script>", 200
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, list[Path]]:
    root = tmp_path / "project"
    return root, generate.generate(6, root, themes=False)


def _stand_in(tmp_path: Path, *options: str) -> tuple[list[str], str]:
    """The stand-in's command (before `serve`) and the marker naming its helper process."""
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    marker = f"stand-in-helper-{tmp_path.name}"
    return [sys.executable, str(script), *options, marker], marker


def _running_with(marker: str) -> list[int]:
    """Processes whose command line holds marker."""
    found = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(name))
        except (OSError, ValueError):
            continue
    return found


def _bench_serve(
    tmp_path: Path, project: tuple[Path, list[Path]], edits: int, *options: str
) -> tuple[dict[str, object], str]:
    command, marker = _stand_in(tmp_path, *options)
    logs = tmp_path / "logs"
    logs.mkdir()
    root, postings = project
    result = run.bench_serve(command, root, postings, edits, logs, tmp_path / "trash")
    return result, marker


def test_each_edit_is_timed_until_the_page_has_its_word(
    tmp_path: Path, project: tuple[Path, list[Path]]
) -> None:
    result, marker = _bench_serve(tmp_path, project, 3)
    assert result["ok"] is True and result["error"] is None, result
    assert isinstance(result["startup_seconds"], float)
    assert isinstance(result["first_page_seconds"], float)
    edits = result["edit_seconds"]
    assert isinstance(edits, list) and len(edits) == 3
    assert result["edit_median_seconds"] == sorted(edits)[1]
    posting = project[0] / str(result["posting"])
    assert result["page"] == f"/digest/jobs/{posting.stem}/"
    words = re.findall(r"^benchedit\w+x(\d)x$", posting.read_text(encoding="utf-8"), re.M)
    assert words == ["0", "1", "2"]  # appended to the body, which ends the file
    assert result["left_running"] == 0 and _running_with(marker) == []


def test_a_server_that_ignores_sigterm_is_killed_with_what_it_left(
    tmp_path: Path, project: tuple[Path, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "STOP_SECONDS", 0.5)
    result, marker = _bench_serve(tmp_path, project, 1, "--stubborn", "--leaves-one")
    assert result["ok"] is True, result
    assert result["left_running"] == 1  # the child that left the session
    assert _running_with(marker) == []
    assert "WARNING: 1 process(es) of sitegen serve" in "; ".join(run.serve_note(result))


def test_a_server_that_exits_is_a_failure_with_its_log(
    tmp_path: Path, project: tuple[Path, list[Path]]
) -> None:
    result, _ = _bench_serve(tmp_path, project, 2, "--crash")
    assert result["ok"] is False and result["startup_seconds"] is None
    assert result["error"] == "exited with 3 before serving /digest/"
    assert "boom: the stand-in fails" in str(result["log_tail"])


def test_an_edit_never_served_is_a_failure_after_the_timeout(
    tmp_path: Path, project: tuple[Path, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "SERVE_EDIT_SECONDS", 0.3)
    result, marker = _bench_serve(tmp_path, project, 2, "--frozen")
    assert result["ok"] is False and result["edit_seconds"] == []
    assert result["error"] == "edit 1 not served within 0.3 s"
    assert _running_with(marker) == []


def test_the_posting_edited_is_published_and_served_under_the_base_path(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    paths = generate.generate(3, root, themes=False)
    assert run.base_path(root) == "/digest/"
    middle = paths[1]
    middle.write_text(middle.read_text().replace("\n---\n", "\ndraft: true\n---\n", 1))
    assert run.posting_to_edit(paths) == paths[2]
    paths[2].write_text(paths[2].read_text().replace("\n---\n", "\ndraft: yes\n---\n", 1))
    assert run.posting_to_edit(paths) == paths[0]
    assert run.posting_to_edit([]) is None
    (root / "sitegen.toml").write_text('base_url = "https://example.org"\n')
    assert run.base_path(root) == "/"


@pytest.mark.parametrize("hugo", [False, True], ids=["sitegen-only", "with-hugo"])
def test_run_py_end_to_end_has_the_serve_figures(tmp_path: Path, hugo: bool) -> None:
    """run.py on 30 postings with the real sitegen (and Hugo): the table has a figure in
    every column it ran, no warning of a process left running, and nothing of the run is
    still running once it has returned."""
    work = tmp_path / "work"
    cmd = [sys.executable, str(BENCH / "run.py"), "--sizes", "30", "--repeat", "1",
           "--edits", "2", "--keep", str(work)]  # fmt: skip
    if hugo:
        ensure_hugo()
    else:
        cmd.append("--no-hugo")
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    table = done.stdout
    lines = table.splitlines()
    heads = [c.strip() for c in lines[0].strip("|").split("|")]
    assert heads == list(run.COLUMNS)
    cells = dict(zip(heads, (c.strip() for c in lines[2].strip("|").split("|")), strict=True))
    figure = r"\d+ ms|\d+\.\d\d s|\d+ s"
    assert re.fullmatch(figure, cells["serve: saved edit until served"]), (cells, done.stderr)
    assert re.fullmatch(figure, cells["serve start-up"])
    assert re.fullmatch(figure, cells["sitegen clean"])
    assert re.fullmatch(r"\d+ MiB", cells["sitegen peak RSS"])
    assert re.fullmatch(r"\d+ MiB", cells["sitegen peak PSS"])
    # shared pages count once in PSS: never more than the summed RSS
    assert int(cells["sitegen peak PSS"].split()[0]) <= int(cells["sitegen peak RSS"].split()[0])
    ratio = cells["sitegen ÷ Hugo, sitegen's pages"]
    assert re.fullmatch(r"\d+\.\d\d ×", ratio) if hugo else ratio == "n/a"
    assert "serve: edit of content/postings/" in table
    assert "WARNING" not in table and "failed" not in table
    assert _running_with(str(work)) == []
