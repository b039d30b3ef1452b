-- 0003: failing feeds are polled less often (never given up), and a full GET now and then catches
-- servers that answer 304 wrongly.

ALTER TABLE feed_state ADD COLUMN next_poll_at TIMESTAMPTZ;
ALTER TABLE feed_state ADD COLUMN last_full_at TIMESTAMPTZ;
COMMENT ON COLUMN feed_state.next_poll_at IS 'A failing feed is not polled before this time: 5 minutes after one failure, doubling with each further failure, at most 6 hours. NULL when the feed is healthy.';
COMMENT ON COLUMN feed_state.last_full_at IS 'When the feed last answered with a whole body (200); a poll more than 24 hours later is sent without validators, to catch servers that answer 304 wrongly.';
