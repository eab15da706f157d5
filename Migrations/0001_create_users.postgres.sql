-- Accounts: people who log in, and short-lived demo users (API.md, Authentication).
-- E-mail addresses are stored lowercased by UserStore, so UNIQUE is case-insensitive in effect.
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    request_count INTEGER NOT NULL DEFAULT 0 CHECK (request_count >= 0),
    request_limit INTEGER,
    created_at TIMESTAMPTZ NOT NULL
);

-- Expired demo users are found by age.
CREATE INDEX users_demo_created_at ON users (created_at) WHERE is_demo;
