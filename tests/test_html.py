"""parse_html makes the tree trafilatura.load_html makes, page by page, whichever way it takes."""

from __future__ import annotations

import pytest
import trafilatura
from lxml import etree

from tasks.html import parse_html
from tests.site import FIXTURES

BODY = "<head><title>T</title></head><body><article><p>Shelling hit the town.</p></article></body></html>"
NEEDS_REPAIR = {
    "a control character": "<!doctype html>\n<html>" + BODY.replace("town", "to\x0cwn"),
    "U+FFFF": "<!doctype html>\n<html>" + BODY.replace("town", "to\uffffwn"),
    "an XHTML doctype": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                        f'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html>{BODY}',
    "a self-closing html tag": f'<!doctype html>\n<html lang="en"/>\n{BODY}',
    "no line break": f"<!doctype html><html>{BODY}",
    "no html at its start": f"<p>{'word ' * 20}</p>\n<p>more</p>",
    "an encoding declaration": f'<?xml version="1.0" encoding="utf-8"?>\n<html>{BODY}',
}


def same_tree(content: str | bytes) -> None:
    expected, got = trafilatura.load_html(content), parse_html(content)
    assert (None if got is None else etree.tostring(got)) == (None if expected is None else etree.tostring(expected))


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "pages").glob("*.html")))
def test_fixture_pages_parse_to_load_htmls_tree(name):
    raw = (FIXTURES / "pages" / name).read_bytes()
    same_tree(raw)
    same_tree(raw.decode("utf-8"))


@pytest.mark.parametrize("case", sorted(NEEDS_REPAIR))
def test_pages_that_need_load_htmls_repairs_get_them(case):
    same_tree(NEEDS_REPAIR[case])
    same_tree(NEEDS_REPAIR[case].encode("utf-8", "surrogatepass"))
