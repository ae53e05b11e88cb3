"""The GitHub workflows: both linters find nothing, and the properties that keep the repository
safe and the site published hold (pins, permissions, triggers, concurrency, hidden files)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def tool(name: str) -> str:
    """A linter installed with the test extras (pip install -e '.[test]')."""
    for folder in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        path = Path(folder) / name
        if path.is_file():
            return str(path)
    found = shutil.which(name)
    assert found, f"{name} is missing: install the test extras with pip install -e '.[test]'"
    return found


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return {k: v for k, v in on.items()} if isinstance(on, dict) else {k: None for k in on}


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def all_workflows() -> list[str]:
    names = sorted(p.name for p in WORKFLOWS.glob("*.y*ml"))
    assert names == ["ci.yml", "digest.yml", "pages.yml"]
    return names


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(REPO / ".github")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    assert "/.github/dependabot.yml" in result.stderr  # the Dependabot config was audited too


def test_actionlint_finds_nothing() -> None:
    result = subprocess.run(
        [tool("actionlint"), "-shellcheck", tool("shellcheck"), "-no-color"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("name", all_workflows())
def test_actions_are_pinned_to_commits_with_their_version(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses = [step["uses"] for step in steps(load(name)) if "uses" in step]
    assert uses
    for ref in uses:
        assert PINNED.match(ref), ref
        line = next(line for line in text.splitlines() if ref in line)
        assert VERSION_COMMENT.search(line), line


@pytest.mark.parametrize("name", all_workflows())
def test_no_untrusted_code_runs_with_write_access(name: str) -> None:
    workflow = load(name)
    assert "pull_request_target" not in triggers(workflow)
    assert "workflow_run" not in triggers(workflow)
    assert workflow["permissions"] in ({}, {"contents": "read"})
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        # values reach scripts through env:, never pasted into the script text
        assert "${{" not in step.get("run", "")


def test_ci_runs_on_every_pull_request_and_push_and_checks_content() -> None:
    workflow = load("ci.yml")
    assert set(triggers(workflow)) == {"pull_request", "push"}
    assert triggers(workflow)["push"] is None  # every branch
    runs = [step.get("run", "") for step in steps(workflow)]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    install = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'"
    assert install in readme and install in runs
    for command in (
        ".venv/bin/ruff check sitegen tests bench",
        ".venv/bin/mypy",
        ".venv/bin/python -m pytest",
        ".venv/bin/sitegen check --format github",
    ):
        assert command in runs
    assert any("--format summary" in run and "GITHUB_STEP_SUMMARY" in run for run in runs)
    for job in workflow["jobs"].values():
        assert "permissions" not in job and "environment" not in job


def test_pages_builds_nightly_and_deploys_from_main_only() -> None:
    workflow = load("pages.yml")
    on = triggers(workflow)
    assert on["push"] == {"branches": ["main"]}
    assert on["schedule"] and all("cron" in entry for entry in on["schedule"])
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = workflow["jobs"]
    assert set(jobs) == {"build", "deploy", "keepalive"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert "environment" not in jobs["build"]
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_pages_builds_with_the_pages_address_and_keeps_hidden_files() -> None:
    build = load("pages.yml")["jobs"]["build"]["steps"]
    by_use = {s["uses"].split("@")[0]: s for s in build if "uses" in s}
    assert by_use["actions/configure-pages"]["id"] == "pages"
    upload = by_use["actions/upload-pages-artifact"]
    assert upload["with"] == {"path": "output", "include-hidden-files": True}
    runs = {s.get("name"): s for s in build}
    build_step = runs["Build"]
    # a fork publishes its own address and repository without editing sitegen.toml
    assert build_step["env"] == {
        "BASE_URL": "${{ steps.pages.outputs.base_url }}",
        "REPOSITORY": "${{ github.repository }}",
    }
    assert '--base-url "${BASE_URL%/}/"' in build_step["run"]  # one slash, however it ends
    assert '--repository "$REPOSITORY"' in build_step["run"]
    names = [s.get("name") for s in build]
    link_check = next(s for s in build if "sitegen linkcheck" in s.get("run", ""))
    assert names.index("Build") < names.index(link_check["name"]) < names.index("Upload the site")


def test_publishing_does_not_wait_on_tests_but_checks_the_content() -> None:
    """The nightly rebuild must not be held back by a flaky browser test: the tests run in
    ci.yml; the deploy is guarded by the content check, the build and the link check."""
    runs = [s.get("run", "") for s in load("pages.yml")["jobs"]["build"]["steps"]]
    assert not any("pytest" in run for run in runs)
    assert "python3 -m venv .venv && .venv/bin/pip install -e ." in runs
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/sitegen build" in (
        readme
    )
    check = runs.index(".venv/bin/sitegen check --format github")
    build = next(i for i, run in enumerate(runs) if run.startswith(".venv/bin/sitegen build"))
    assert check < build


def test_the_nightly_schedule_keeps_itself_enabled() -> None:
    """GitHub disables a scheduled workflow after 60 days without activity; enabling it through
    the API with the least permission that allows it (actions: write) keeps it alive."""
    workflow = load("pages.yml")
    job = workflow["jobs"]["keepalive"]
    assert job["if"] == "github.event_name == 'schedule'"
    assert job["permissions"] == {"actions": "write"}
    assert "needs" not in job and "environment" not in job
    [step] = job["steps"]
    assert "uses" not in step  # no checkout: no code from the repository runs with the token
    assert step["env"] == {
        "GH_TOKEN": "${{ github.token }}",
        "REPOSITORY": "${{ github.repository }}",
    }
    assert step["run"] == (
        "for workflow in pages.yml digest.yml; do\n"
        '  gh api --method PUT "repos/$REPOSITORY/actions/workflows/$workflow/enable"\n'
        "done\n"
    )
    # every scheduled workflow, and only those, is kept enabled
    scheduled = [name for name in all_workflows() if "schedule" in triggers(load(name))]
    assert scheduled == ["digest.yml", "pages.yml"]
    assert triggers(workflow)["schedule"]  # the job rides on the nightly schedule it keeps


def test_the_digest_is_sent_weekly_by_the_one_job_that_holds_the_secrets() -> None:
    text = (WORKFLOWS / "digest.yml").read_text(encoding="utf-8")
    workflow = load("digest.yml")
    on = triggers(workflow)
    assert [entry["cron"] for entry in on["schedule"]] == ["17 14 * * 1"]  # Mondays
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert workflow["concurrency"] == {"group": "digest", "cancel-in-progress": False}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "pages": "read"}
    assert job["environment"] == {"name": "digest"}
    # secrets appear in this job's steps' env only, never in a script, nor in other workflows
    for other in all_workflows():
        if other != "digest.yml":
            assert "secrets." not in (WORKFLOWS / other).read_text(encoding="utf-8"), other
    assert text.count("secrets.") == sum(
        str(value).count("secrets.")
        for step in job["steps"]
        for value in step.get("env", {}).values()
    )
    first, *rest = job["steps"]
    assert first["env"] == {"SMTP_HOST": "${{ secrets.SMTP_HOST }}"}
    assert "GITHUB_STEP_SUMMARY" in first["run"] and "No digest sent" in first["run"]
    assert all(step["if"] == "steps.smtp.outputs.configured == 'true'" for step in rest)
    send = rest[-1]
    assert "SITEGEN_SMTP_PASSWORD" in send["env"]
    assert not [s for s in rest[:-1] if "secrets." in str(s.get("env", {}))]
    assert '.venv/bin/sitegen send ${WEEK:+"$WEEK"} --to "$DIGEST_TO"' in send["run"]
    assert '--base-url "${BASE_URL%/}/"' in send["run"]
    assert send["run"].startswith("set -o pipefail\n")  # a failed send fails, tee or not


def run_secret_check(tmp_path: Path, host: str) -> tuple[str, str]:
    """The digest job's first step, run as the runner would: its outputs and summary."""
    step = load("digest.yml")["jobs"]["send"]["steps"][0]
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    output.write_text("")
    summary.write_text("")
    env = {**os.environ, "SMTP_HOST": host, "GITHUB_OUTPUT": str(output),
           "GITHUB_STEP_SUMMARY": str(summary)}  # fmt: skip
    subprocess.run(["bash", "-e", "-c", step["run"]], env=env, check=True, timeout=30)
    return output.read_text(), summary.read_text()


def test_without_the_secrets_the_digest_job_succeeds_and_says_why(tmp_path: Path) -> None:
    output, summary = run_secret_check(tmp_path, "")
    assert output == "configured=false\n"
    assert summary.startswith("### No digest sent\n\nThis repository has no SMTP secrets")
    assert "SMTP_HOST, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM" in summary
    assert run_secret_check(tmp_path, "smtp.example.com") == ("configured=true\n", "")


def test_the_linters_do_catch_problems(tmp_path: Path) -> None:
    """Zero findings above means something: the same tools flag a workflow with known faults."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }} ${{ github.nope }}\n"
    )
    zizmor = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert zizmor.returncode != 0
    for audit in ("template-injection", "dangerous-triggers", "unpinned-uses", "artipacked"):
        assert audit in zizmor.stdout, audit
    actionlint = subprocess.run(
        [tool("actionlint"), "-no-color", str(bad)], capture_output=True, text=True, check=False
    )
    assert actionlint.returncode == 1
    assert "github.nope" in actionlint.stdout


def summary_script() -> str:
    step = next(s for s in steps(load("ci.yml")) if "--format summary" in s.get("run", ""))
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    return str(step["run"])


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def run_summary_step(root: Path, base_ref: str) -> tuple[int, str]:
    summary = root.parent / "summary.md"
    summary.write_text("")
    env = {
        **os.environ,
        "BASE_REF": base_ref,
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(root.parent),
    }
    result = subprocess.run(
        ["bash", "-e", "-c", summary_script()], cwd=root, env=env, capture_output=True, text=True
    )
    return result.returncode, summary.read_text()


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone-like repository: main holds the real content, HEAD edits one posting and adds two
    (one of them broken), as a pull request would."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("content", "themes"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "sitegen.toml", root)
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    shim = bin_dir / "sitegen"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sitegen.cli "$@"\n')
    shim.chmod(0o755)
    (root / ".gitignore").write_text(".venv/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "main")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "checkout", "-q", "-b", "pr")
    postings = root / "content" / "postings"
    edited = postings / "mozilla-backend-software-engineer-ads.md"
    edited.write_text(edited.read_text().replace("Backend Software Engineer, Ads", "Ads Engineer"))
    shutil.copy(FIXTURE_POSTINGS / "valid-job.md", postings / "prairie data engineer.md")
    shutil.copy(FIXTURE_POSTINGS / "salary-swapped.md", postings / "salary-swapped.md")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "pr")
    return root


FIXTURE_POSTINGS = Path(__file__).parent / "fixtures" / "check" / "content" / "postings"


def test_the_job_summary_lists_what_a_pull_request_adds_or_changes(pull_request: Path) -> None:
    code, summary = run_summary_step(pull_request, "main")
    assert code == 0  # problems fail the annotation step, not this one
    assert "### Postings added or changed (3)" in summary
    assert "| ✅ | Ads Engineer<br>`content/postings/mozilla-backend-software-engineer-ads.md`" in (
        summary
    )
    # a space in the name reaches sitegen as one argument (and is not a URL slug)
    # an invalid posting's row shows its title (if it has one) above the file's name
    row = r"^\| ❌ 1 \| [^\n]*`content/postings/prairie data engineer\.md` \|"
    assert re.search(row, summary, re.M) is not None, summary
    assert "| ❌ 2 | Site Reliability Engineer<br>`content/postings/salary-swapped.md` |" in summary
    assert "salary.max" in summary
    assert "mongodb" not in summary  # untouched postings are not listed


def test_the_job_summary_without_a_pull_request_lists_every_posting(pull_request: Path) -> None:
    code, summary = run_summary_step(pull_request, "")
    assert code == 0
    assert "### Postings (5)" in summary and "mongodb" in summary


def test_the_job_summary_when_no_content_changes(pull_request: Path) -> None:
    git(pull_request, "update-ref", "refs/remotes/origin/main", "HEAD")
    assert run_summary_step(pull_request, "main") == (0, "This pull request changes no content.\n")


def test_a_pull_request_is_checked_against_its_base_branch(pull_request: Path) -> None:
    """The pull request's check step, run as the runner runs it: a published posting renamed
    without an alias is annotated on its line; on a push the plain check runs instead."""
    workflow = steps(load("ci.yml"))
    plain = next(s for s in workflow if s.get("run") == ".venv/bin/sitegen check --format github")
    assert plain["if"] == "${{ !cancelled() && !github.base_ref }}"
    step = next(s for s in workflow if "--base" in s.get("run", ""))
    assert step["if"] == "${{ !cancelled() && github.base_ref }}"
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    old = "mongodb-senior-software-engineer-atlas-foundational-services"
    git(pull_request, "mv", f"content/postings/{old}.md", "content/postings/mongodb-atlas.md")

    def run_step() -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "BASE_REF": "main"}
        return subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=pull_request,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    done = run_step()
    assert done.returncode == 1
    assert (
        "::error file=content/postings/mongodb-atlas.md,line=2,title=aliases::aliases: this "
        f"posting was content/postings/{old}.md at origin/main: its old page jobs/{old}/ would "
        f"go missing; add the line `aliases: [jobs/{old}/]`"
    ) in done.stdout.splitlines()
    moved = pull_request / "content" / "postings" / "mongodb-atlas.md"
    text = moved.read_text(encoding="utf-8")
    moved.write_text(text.replace("\ntitle:", f"\naliases: [jobs/{old}/]\ntitle:", 1))
    done = run_step()
    assert "mongodb-atlas.md" not in done.stdout  # the pull request's other problems remain
