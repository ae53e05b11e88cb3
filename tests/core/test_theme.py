"""The theme chain: site overrides, themes extending themes, located template errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sitegen.cli import main
from tests.conftest import CONFIG, MakeProject, posting_text


def build(root: Path) -> tuple[int, str]:
    err = io.StringIO()
    code = main(
        ["build", "--root", str(root), "--date", "2026-11-22", "-q"],
        stdout=io.StringIO(),
        stderr=err,
    )
    return code, err.getvalue()


def project(make_project: MakeProject, config: str = CONFIG) -> Path:
    return make_project({"content/postings/job.md": posting_text("job")}, config=config)


def test_site_override_extends_the_template_it_replaces(make_project: MakeProject) -> None:
    root = project(make_project)
    (root / "templates").mkdir()
    (root / "templates" / "posting.html").write_text(
        '{% extends "!default/posting.html" %}'
        '{% block main %}<p class="banner">Hiring!</p>{{ super() }}{% endblock %}'
    )
    assert build(root) == (0, "")
    page = (root / "output/jobs/job/index.html").read_text()
    assert '<p class="banner">Hiring!</p>' in page
    assert '<h1 id="job-title">Backend Engineer</h1>' in page


def test_child_theme_overrides_only_what_differs(make_project: MakeProject) -> None:
    root = project(make_project, CONFIG + 'theme = "plain"\n')
    child = root / "themes" / "plain"
    (child / "templates").mkdir(parents=True)
    (child / "static").mkdir()
    (child / "theme.toml").write_text('extends = "default"\n')
    (child / "templates" / "404.html").write_text(
        '{% extends "!default/404.html" %}{% block main %}<h1>Lost</h1>{% endblock %}'
    )
    (child / "static" / "style.css").write_text("body { color: teal; }\n")
    assert build(root) == (0, "")
    out = root / "output"
    assert "<h1>Lost</h1>" in (out / "404.html").read_text()
    assert '<h1 id="job-title">' in (out / "jobs/job/index.html").read_text()  # from default
    [css] = (out / "static").glob("style.*.css")
    assert css.read_text() == "body { color: teal; }\n"
    assert (out / "static" / "favicon.svg").is_file()  # inherited asset


def test_template_errors_name_file_and_line(make_project: MakeProject) -> None:
    root = project(make_project)
    (root / "templates").mkdir()
    (root / "templates" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ no_such_variable }}\n{% endblock %}\n'
    )
    code, err = build(root)
    assert code == 1
    assert err.splitlines()[0] == (
        "templates/404.html:3: template error: 'no_such_variable' is undefined"
    )
    (root / "templates" / "404.html").write_text("{% if %}\n")
    code, err = build(root)
    assert code == 1
    assert err.startswith("templates/404.html:1: template error: ")


def test_template_errors_in_worker_processes_name_file_and_line(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large site renders in forked workers, whose tracebacks stay there: the error is
    located where it happens, so it still names the template and line."""
    from sitegen import parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    root = project(make_project)
    (root / "templates").mkdir()
    (root / "templates" / "posting.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ posting.no_such_field.x }}\n'
        "{% endblock %}\n"
    )
    code, err = build(root)
    assert code == 1
    assert err.splitlines()[0] == (
        "templates/posting.html:3: template error: "
        "'sitegen.render.views.PostingView object' has no attribute 'no_such_field'"
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("{{ url(3) }}", 'TypeError: can only concatenate str (not "int") to str'),
        ("{{ cached(masthead, [meta.path]) }}", "TypeError: unhashable type: 'list'"),
    ],
)
def test_python_errors_a_template_causes_name_its_file_and_line(
    make_project: MakeProject, call: str, message: str
) -> None:
    """A helper the template calls wrongly fails in Python, not in Jinja: still the
    template's file and line, not an internal error."""
    root = project(make_project)
    (root / "templates").mkdir()
    (root / "templates" / "404.html").write_text(
        '{% extends "base.html" %}\n'
        '{% from "_chrome.html" import masthead %}\n'
        f"{{% block main %}}\n{call}\n{{% endblock %}}\n"
    )
    code, err = build(root)
    assert code == 1
    assert err.splitlines()[0] == f"templates/404.html:4: template error: {message}"


def test_theme_loops_and_missing_themes_are_reported(make_project: MakeProject) -> None:
    root = project(make_project, CONFIG + 'theme = "a"\n')
    for name, parent in (("a", "b"), ("b", "a")):
        (root / "themes" / name / "templates").mkdir(parents=True)
        (root / "themes" / name / "theme.toml").write_text(f'extends = "{parent}"\n')
    code, err = build(root)
    assert code == 1
    assert "themes/a: extends: themes extend each other in a loop: a -> b -> a" in err
    (root / "sitegen.toml").write_text(CONFIG + 'theme = "nope"\n')
    code, err = build(root)
    assert code == 1
    assert "themes/nope: theme 'nope' not found" in err


def test_autoescaping_is_on(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/postings/job.md": posting_text(
                "job", title="\"<script>alert('x')</script>\"", company='"A&B <b>"'
            )
        }
    )
    assert build(root) == (0, "")
    page = (root / "output/jobs/job/index.html").read_text()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "A&amp;B &lt;b&gt;" in page


def test_links_out_of_the_project_are_refused(make_project: MakeProject, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("api key")
    root = project(make_project)
    link = root / "themes" / "default" / "static" / "leak.txt"
    link.symlink_to(secret)
    code, err = build(root)
    assert (code, err.splitlines()[0]) == (
        1,
        "themes/default/static/leak.txt: is a symbolic link to a file outside the project: "
        "copy the file in instead",
    )
    link.unlink()
    (root / "content" / "postings" / "leak.md").symlink_to(secret)
    code, err = build(root)
    assert (code, err.splitlines()[0]) == (
        1,
        "content/postings/leak.md: is a symbolic link to a file outside the project: "
        "copy the file in instead",
    )


def test_submission_page_only_with_a_repository(make_project: MakeProject) -> None:
    root = project(make_project)
    assert build(root) == (0, "")
    assert not (root / "output" / "submit").exists()
    (root / "sitegen.toml").write_text(CONFIG + 'repository = "octo/jobs"\n')
    assert build(root) == (0, "")
    page = (root / "output" / "submit" / "index.html").read_text()
    assert 'data-repository="octo/jobs"' in page
    assert (
        '<a href="/digest/submit/">Post a job</a>' in (root / "output" / "index.html").read_text()
    )
    assert 'href="https://github.com/octo/jobs/issues/new/choose"' in page  # the no-JS path


def test_compact_theme_is_selectable_and_keeps_one_stylesheet(make_project: MakeProject) -> None:
    root = project(make_project, CONFIG + 'theme = "compact"\n')
    assert build(root) == (0, "")
    home = (root / "output/index.html").read_text()
    assert home.count('rel="stylesheet"') == 1  # the default theme's, found through the chain
    assert "<style>" in home and "grid-template-columns" in home  # compact's own rules
    assert (
        '<h1 id="job-title">Backend Engineer</h1>'
        in (root / "output/jobs/job/index.html").read_text()
    )


def test_the_page_frame_is_rendered_once_per_variant_and_marks_the_current_link(
    make_project: MakeProject,
) -> None:
    """cached() renders the header, footer and feed links once per distinct arguments: a
    handful for a whole site, not one per page (a macro imported anew for each page would
    make one per page). The header still marks the page the navigation links to."""
    import datetime as dt

    from sitegen.build import load
    from sitegen.render.feeds import feed_links
    from sitegen.render.pages import Renderer
    from sitegen.render.theme import collect_assets, environment, resolve_theme
    from sitegen.site.model import build_site

    files = {
        f"content/postings/job-{i}.md": posting_text(
            f"job-{i}", id=f"11111111-2222-4333-8444-{i:012d}", company=f"Co {i % 4}"
        )
        for i in range(30)
    }
    root = make_project(files)
    config, content = load(root)
    site = build_site(config, content, dt.date(2026, 11, 22), drafts=False)
    theme = resolve_theme(root, config.theme)
    renderer = Renderer(site, environment(theme), collect_assets(theme).path, {})
    out = {name: data for job in renderer.jobs() for name, data in job.run().items()}
    pages = [name for name in out if name.endswith(".html")]
    assert len(pages) > 50
    listings_with_feeds = len(feed_links(site))
    # the header and the footer: once for each page they link to, once for all other pages
    links = len(renderer.context.nav) + len(renderer.context.more)
    assert 3 <= len(renderer.fragments) <= 2 * (links + 1) + listings_with_feeds
    current = 'aria-current="page">'
    assert f"{current}Latest</a>" in out["index.html"].decode()  # in the header
    assert f"{current}Tags</a>" in out["tags/index.html"].decode()  # in the footer
    assert current not in out["jobs/job-3/index.html"].decode()
