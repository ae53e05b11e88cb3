"""Where each page of the site lives: its path, the file that holds it, its absolute URL.

The one place that joins the base URL and a path (`absolute`): every link a page, feed,
sitemap or JSON-LD block gives with a host is made here; and the one place a link written
in content as site-absolute (`/about/`) is put under the site's base path (`in_site`)."""

from __future__ import annotations

from sitegen.content.model import Posting
from sitegen.content.names import path_segment


def absolute(base_url: str, path: str) -> str:
    """The absolute URL of a site-relative path ("" for the home page), under base_url
    (which always ends with "/")."""
    return base_url + path


def in_site(base_path: str, href: str) -> str:
    """A link as written in content, for a site that lives under base_path ("/digest/"):
    a site-absolute path ('/about/') moves under it ('/digest/about/'); every other link
    (relative, a #fragment, a full or protocol-relative '//host/' address) is left as it is."""
    if href.startswith("/") and not href.startswith("//"):
        return base_path + href[1:]
    return href


def output_file(path: str) -> str:
    """Site-relative page path -> file in the output: 'jobs/x/' -> 'jobs/x/index.html'."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def posting_path(posting: Posting) -> str:
    return slug_path(posting.slug)


def slug_path(slug: str) -> str:
    """The page of the posting whose file is named <slug>.md."""
    return f"jobs/{slug}/"


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
