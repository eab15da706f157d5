-- Processes that run analysis (`serve` with workers, `worker`) announce
-- themselves here while they run, so a web-only replica's `audio-server check`
-- and /health/ can tell whether anything works the queue.
CREATE TABLE analysis_workers (
    owner TEXT PRIMARY KEY,
    threads INTEGER NOT NULL CHECK (threads >= 1),
    started_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX analysis_workers_last_seen ON analysis_workers (last_seen_at);
