"""Plain, typed pipeline steps (parse a feed, fetch a page, extract, tag); flows/ wraps them as Prefect tasks."""
