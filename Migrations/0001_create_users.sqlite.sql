-- Accounts: people who log in, and short-lived demo users (API.md, Authentication).
-- E-mail addresses are stored lowercased by UserStore, so UNIQUE is case-insensitive in effect.
-- Timestamps are ISO 8601 text in UTC (fixed width, so text order is time order).
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_demo BOOLEAN NOT NULL DEFAULT 0,
    request_count INTEGER NOT NULL DEFAULT 0 CHECK (request_count >= 0),
    request_limit INTEGER,
    created_at TEXT NOT NULL
);

-- Expired demo users are found by age.
CREATE INDEX users_demo_created_at ON users (created_at) WHERE is_demo;
