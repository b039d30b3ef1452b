"""parse_html gives trafilatura a tree for every page it can read, repaired where the page needs it, and None
for what is not HTML."""

from __future__ import annotations

import pytest

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
    "an encoding declaration": f'<?xml version="1.0" encoding="utf-8"?>\n<html>{BODY}',
}


def text_of(content: str | bytes) -> str:
    tree = parse_html(content)
    assert tree is not None
    return " ".join(tree.xpath("//p//text()"))


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "pages").glob("*.html")))
def test_fixture_pages_parse_as_bytes_and_as_text(name):
    raw = (FIXTURES / "pages" / name).read_bytes()
    assert text_of(raw) and text_of(raw) == text_of(raw.decode("utf-8"))


@pytest.mark.parametrize("case", sorted(NEEDS_REPAIR))
def test_pages_that_need_repairs_parse(case):
    for content in (NEEDS_REPAIR[case], NEEDS_REPAIR[case].encode("utf-8", "surrogatepass")):
        assert text_of(content) == "Shelling hit the town."  # a character XML forbids is dropped


def test_what_is_not_html_is_none():
    assert parse_html("") is None
    assert parse_html(b"\x00\x01\x02") is None
    assert parse_html("just words, no markup") is None
