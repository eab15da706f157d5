-- Sketchbook fragments: idempotent analysis keyed by the client's UUID
-- (API.md, Sketchbook fragments). retry_count caps re-queues of failures.
CREATE TABLE fragments (
    fragment_id UUID PRIMARY KEY,
    owner_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    audio_path TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    duration DOUBLE PRECISION,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'complete', 'failed')),
    error TEXT,
    model_version TEXT,
    analysis JSONB,
    retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ
);

CREATE INDEX fragments_owner ON fragments (owner_id);
CREATE INDEX fragments_unfinished ON fragments (created_at) WHERE status IN ('pending', 'processing');
