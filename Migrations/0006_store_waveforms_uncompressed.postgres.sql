-- A waveform is ~100 KB of peaks that pglz cannot shrink by the quarter it
-- asks for: with the default storage every write spent ~1.4 ms of the track's
-- ~2 ms save on a compression attempt, then stored the value as it was.
-- EXTERNAL keeps it out of line and uncompressed without trying. This changes
-- how new values are written only; the table is not rewritten.
ALTER TABLE tracks ALTER COLUMN waveform SET STORAGE EXTERNAL;
