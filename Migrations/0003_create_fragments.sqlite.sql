-- Sketchbook fragments: idempotent analysis keyed by the client's UUID
-- (API.md, Sketchbook fragments). retry_count caps re-queues of failures.
CREATE TABLE fragments (
    fragment_id TEXT PRIMARY KEY,
    owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    audio_path TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    duration REAL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'complete', 'failed')),
    error TEXT,
    model_version TEXT,
    analysis TEXT,
    retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT
);

CREATE INDEX fragments_owner ON fragments (owner_id);
CREATE INDEX fragments_unfinished ON fragments (created_at) WHERE status IN ('pending', 'processing');
