from tasks.urls import article_id, normalised_url


def test_tracking_parameters_case_ports_and_fragments_do_not_change_the_id():
    a = article_id("https://Example.org:443/news/1?id=3&utm_source=rss#top")
    b = article_id("https://example.org/news/1?id=3")
    assert a == b and len(a) == 16


def test_different_articles_get_different_ids():
    assert article_id("https://example.org/news/1") != article_id("https://example.org/news/2")
    assert article_id("https://example.org/news?id=1") != article_id("https://example.org/news?id=2")


def test_normalised_url_keeps_meaningful_parameters():
    assert normalised_url("HTTP://Example.org/a?b=2&utm_medium=x") == "http://example.org/a?b=2"


def test_article_parameters_are_not_dropped():
    assert article_id("https://x.org/read?story=1") != article_id("https://x.org/read?story=2")
    assert normalised_url("https://x.org/a?fbclid=9&b=1#comments") == "https://x.org/a?b=1"
