"""Where each page of the site lives: its path, the file that holds it, its absolute URL.

The one place that joins the base URL and a path (`absolute`): every link a page, feed,
sitemap or JSON-LD block gives with a host is made here."""

from __future__ import annotations

from sitegen.content.model import Posting
from sitegen.content.names import path_segment


def absolute(base_url: str, path: str) -> str:
    """The absolute URL of a site-relative path ("" for the home page), under base_url
    (which always ends with "/")."""
    return base_url + path


def output_file(path: str) -> str:
    """Site-relative page path -> file in the output: 'jobs/x/' -> 'jobs/x/index.html'."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def posting_path(posting: Posting) -> str:
    return f"jobs/{posting.slug}/"


def tag_path(tag: str) -> str:
    return f"tags/{path_segment(tag, 'tag')}/"


def company_path(name: str) -> str:
    return f"companies/{path_segment(name, 'company')}/"


def arrangement_path(arrangement: str) -> str:
    return f"{arrangement}/"


def region_path(region: str) -> str:
    return f"remote/{path_segment(region, 'region')}/"


def edition_path(week: str) -> str:
    return f"editions/{week.lower()}/"
