-- 0006 task_event_archive
-- The lifecycle event archive's PostgreSQL backend (Observatory.EventArchive, used when no MongoDB
-- is configured): one row per event, written in batches by each silo's archive writer with
-- INSERT ... ON CONFLICT (event_id) DO NOTHING, so an event appended twice is stored once.
--
--   event_id    uuid         the envelope's event id (UUIDv7), the document id
--   task_id     uuid         filter of GET /api/v1/events?taskId=
--   event_type  text         filter of GET /api/v1/events?eventType=
--   occurred_at timestamptz  the sort key: pages are newest first, (occurred_at, event_id) DESC
--   document    jsonb        the archived event as camelCase JSON (what the API returns)
--
-- Each query shape has an index that yields rows in page order, so a page (first or deep, by
-- keyset cursor) is an index range scan of its own rows; occurred_at_idx also serves the
-- retention sweep (oldest first). Everything is IF NOT EXISTS: the migrator serialises starters
-- on an advisory lock and records the script, and a re-run by hand changes nothing.

CREATE TABLE IF NOT EXISTS task_event_archive
(
    event_id    uuid        NOT NULL,
    task_id     uuid        NOT NULL,
    event_type  text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    document    jsonb       NOT NULL,
    CONSTRAINT task_event_archive_pkey PRIMARY KEY (event_id)
);

CREATE INDEX IF NOT EXISTS task_event_archive_task_idx
    ON task_event_archive (task_id, occurred_at DESC, event_id DESC);

CREATE INDEX IF NOT EXISTS task_event_archive_occurred_at_idx
    ON task_event_archive (occurred_at DESC, event_id DESC);

CREATE INDEX IF NOT EXISTS task_event_archive_type_idx
    ON task_event_archive (event_type, occurred_at DESC, event_id DESC);
