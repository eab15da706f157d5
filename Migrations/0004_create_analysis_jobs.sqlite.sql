-- The durable analysis queue every worker claims from (`serve` and `worker`).
-- A claim leases a job to one worker until lease_expires_at, renewed by its
-- heartbeat; lease_token is new on every claim and fences writes of a worker
-- that lost its lease. A job points at its track or fragment, so deleting
-- either (or its owner) deletes the job.
-- UUIDs are lowercase text, timestamps ISO 8601 text in UTC (fixed width, so
-- text order is time order and the claim compares them as text).
CREATE TABLE analysis_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('track', 'fragment')),
    track_id TEXT REFERENCES tracks (track_id) ON DELETE CASCADE,
    fragment_id TEXT REFERENCES fragments (fragment_id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
    run_after TEXT NOT NULL,
    lease_owner TEXT,
    lease_token TEXT,
    lease_expires_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    CHECK ((kind = 'track') = (track_id IS NOT NULL) AND (kind = 'fragment') = (fragment_id IS NOT NULL)),
    CHECK ((state = 'running') = (lease_token IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- One unfinished job per subject: enqueuing one already queued or running is a no-op.
CREATE UNIQUE INDEX analysis_jobs_unfinished_track ON analysis_jobs (track_id) WHERE state IN ('queued', 'running');
CREATE UNIQUE INDEX analysis_jobs_unfinished_fragment ON analysis_jobs (fragment_id) WHERE state IN ('queued', 'running');
-- The claim: queued jobs due first in line, and running jobs whose lease lapsed.
CREATE INDEX analysis_jobs_queued ON analysis_jobs (run_after, id) WHERE state = 'queued';
CREATE INDEX analysis_jobs_leased ON analysis_jobs (lease_expires_at) WHERE state = 'running';
-- Finished jobs are pruned by age.
CREATE INDEX analysis_jobs_finished ON analysis_jobs (finished_at) WHERE state IN ('done', 'failed');

-- Work left unfinished before the queue existed gets its job (3: ANALYSIS_MAX_ATTEMPTS's default).
INSERT INTO analysis_jobs (kind, track_id, max_attempts, run_after, created_at, updated_at)
SELECT 'track', track_id, 3, created_at, created_at, created_at FROM tracks WHERE status IN ('pending', 'analyzing');
INSERT INTO analysis_jobs (kind, fragment_id, max_attempts, run_after, created_at, updated_at)
SELECT 'fragment', fragment_id, 3, created_at, created_at, created_at FROM fragments WHERE status IN ('pending', 'processing');
