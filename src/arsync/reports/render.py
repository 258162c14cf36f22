"""The jinja2 environment of the HTML reports: autoescaped, strict about undefined names."""

from __future__ import annotations

import functools

import jinja2

__all__ = ["environment"]


@functools.cache
def environment() -> jinja2.Environment:
    """Templates from ``arsync/reports/templates``; every ``.html.j2`` is autoescaped."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("arsync.reports", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )
