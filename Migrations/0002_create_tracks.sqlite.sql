-- Uploaded tracks and their analysis (API.md, Tracks). A track belongs to
-- the user who uploaded it (NULL: uploaded with the API key) and goes with them.
-- UUIDs are lowercase text, timestamps ISO 8601 text in UTC, JSON text.
CREATE TABLE tracks (
    track_id TEXT PRIMARY KEY,
    owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    original_filename TEXT NOT NULL,
    filename TEXT NOT NULL,
    media_filename TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL CHECK (size >= 0),
    sha256 TEXT NOT NULL,
    duration REAL,
    sample_rate INTEGER,
    channels INTEGER,
    format TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'analyzing', 'ready', 'failed')),
    status_message TEXT NOT NULL DEFAULT '',
    analysis TEXT NOT NULL DEFAULT '{}',
    waveform TEXT,
    spectrogram_filename TEXT,
    created_at TEXT NOT NULL,
    analyzed_at TEXT
);

CREATE INDEX tracks_sha256 ON tracks (sha256);
CREATE INDEX tracks_created_at ON tracks (created_at DESC);
CREATE INDEX tracks_owner_created_at ON tracks (owner_id, created_at DESC);
-- Work left unfinished by a crash is found at start.
CREATE INDEX tracks_unfinished ON tracks (created_at) WHERE status IN ('pending', 'analyzing');
