-- 0004 task_read_model
-- The task list, counts and scans read from orleans_storage itself: the task grain's state row
-- (state name 'task', payload = the state as UTF-8 camelCase JSON, see the JSON contract in
-- TaskGrainState) also carries the few fields the read side filters and sorts by, in task_*
-- columns that WriteToStorageKey fills from the payload in the same statement that stores it.
-- So the one write per task transition serves the read model too: no second table to keep in step,
-- no outbox, no lag, and a failed or conflicting write changes neither.
--
--   task_id uuid             id           (UUIDv7: time-ordered, so "newest first" = task_id DESC
--                                          and a time range is an id range)
--   task_type text           type
--   task_status text         status       ('queued', 'running', 'dead-lettered', ...)
--   task_tags text[]         tags         ('{}' when absent)
--   task_attempt int         attempt
--   task_submitted_at, task_updated_at, task_due_at timestamptz
--                            submittedAt, updatedAt, dueAt (dueAt NULL when running or terminal)
--   task_silo text           siloAddress  (SiloAddress.ToParsableString(); NULL unless running)
-- All of them are NULL for rows of other states and for a cleared task (payload NULL), and a row
-- counts as a task exactly when task_id IS NOT NULL.
--
-- Counts by status come from task_status_counts, kept exact by a trigger on orleans_storage
-- (insert, status change, clear, delete, truncate) instead of COUNT(*) over the tasks. Every
-- (service, status) has 16 counter rows ("shards"); a backend adds its +1/-1 to the shard
-- pg_backend_pid() % 16, so concurrent writers on different connections rarely wait on the same
-- row, and the count is the sum over the shards (a single shard may go negative). A status change
-- touches two counters; the trigger always locks them in (service_id, status) order (COLLATE "C"),
-- so two transitions in opposite directions cannot deadlock.
--
-- Parameters of the provider (see 0002): GrainTypeString text = the state name, PayloadBinary bytea.
-- Because the columns are derived from the payload the statement is given, racing first writes,
-- ETag checks and version wrapping work exactly as in 0002; only the SET list and the insert's
-- column list grew.
--
-- Running silos keep the query texts they loaded at start-up; a silo that started before this
-- migration writes tasks without the task_* columns until it restarts (the next write by an
-- upgraded silo corrects the row). The back-fill below covers rows written before the migration.

-- ALTER TABLE takes an ACCESS EXCLUSIVE lock on orleans_storage that the migrator's transaction
-- holds to the end, so writers wait while the columns are added and back-filled and no write slips
-- between the back-fill and the rebuilt counts below. (No separate LOCK TABLE: it would fail when the
-- script is run again by hand outside a transaction block.)
ALTER TABLE orleans_storage
    ADD COLUMN IF NOT EXISTS task_id           uuid        NULL,
    ADD COLUMN IF NOT EXISTS task_type         text        NULL,
    ADD COLUMN IF NOT EXISTS task_status       text        NULL,
    ADD COLUMN IF NOT EXISTS task_tags         text[]      NULL,
    ADD COLUMN IF NOT EXISTS task_attempt      integer     NULL,
    ADD COLUMN IF NOT EXISTS task_submitted_at timestamptz NULL,
    ADD COLUMN IF NOT EXISTS task_updated_at   timestamptz NULL,
    ADD COLUMN IF NOT EXISTS task_due_at       timestamptz NULL,
    ADD COLUMN IF NOT EXISTS task_silo         text        NULL;

-- The task_* values for one state row: one row always (all NULL unless the state is a task with a
-- payload), so the write query can use it in both of its branches. The one place that knows the
-- JSON field names; the queries and the back-fill call it. The MATERIALIZED CTE makes PostgreSQL
-- parse the payload once instead of once per column.
-- STABLE, not IMMUTABLE: text -> timestamptz depends on TimeZone for values without an offset.
-- A task payload that is not valid JSON, or holds a malformed id/time, fails the write (and the
-- grain's transition) instead of silently dropping the task from lists and counts.
CREATE OR REPLACE FUNCTION task_read_model_columns(state_name text, payload bytea)
RETURNS TABLE
(
    task_id           uuid,
    task_type         text,
    task_status       text,
    task_tags         text[],
    task_attempt      integer,
    task_submitted_at timestamptz,
    task_updated_at   timestamptz,
    task_due_at       timestamptz,
    task_silo         text
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $function$
WITH doc AS MATERIALIZED (
    SELECT convert_from(payload, 'UTF8')::jsonb AS j
    WHERE state_name = 'task' AND payload IS NOT NULL
),
task AS (
    -- Exactly one row; j stays NULL for other states, a cleared state, or a document without an id
    -- (not a task the read model could show).
    SELECT doc.j FROM (VALUES (1)) AS one (n) LEFT JOIN doc ON doc.j ->> 'id' IS NOT NULL
)
SELECT (j ->> 'id')::uuid,
       j ->> 'type',
       j ->> 'status',
       CASE WHEN j IS NULL THEN NULL
            WHEN jsonb_typeof(j -> 'tags') = 'array'
                THEN ARRAY(SELECT jsonb_array_elements_text(j -> 'tags'))
            ELSE '{}'::text[] END,
       (j ->> 'attempt')::integer,
       (j ->> 'submittedAt')::timestamptz,
       (j ->> 'updatedAt')::timestamptz,
       (j ->> 'dueAt')::timestamptz,
       j ->> 'siloAddress'
FROM task
$function$;

-- Counters: sum(count) over the shards of (service_id, status) = tasks of that service in that status.
CREATE TABLE IF NOT EXISTS task_status_counts
(
    service_id text     NOT NULL,
    status     text     NOT NULL,
    -- pg_backend_pid() % 16 of the backends that changed it.
    shard      smallint NOT NULL,
    count      bigint   NOT NULL,
    CONSTRAINT task_status_counts_pkey PRIMARY KEY (service_id, status, shard)
);

-- Back-fill task rows written before this migration (and, when the script is run again by hand,
-- re-derive every task row whose columns differ), then rebuild the counters from the rows. This
-- runs before the count triggers exist: counting a million rows one by one would update the same
-- few counter rows a million times in one transaction, and each such update has to walk the chain
-- of its earlier versions (quadratic). The table lock taken by ALTER TABLE keeps writers out, so
-- the rebuilt counts are exact.
UPDATE orleans_storage
SET (task_id, task_type, task_status, task_tags, task_attempt,
     task_submitted_at, task_updated_at, task_due_at, task_silo) =
    (SELECT * FROM task_read_model_columns(grain_type, payload))
WHERE grain_type = 'task'
  AND NOT EXISTS (
      SELECT 1
      FROM task_read_model_columns(orleans_storage.grain_type, orleans_storage.payload) AS t
      WHERE (t.task_id, t.task_type, t.task_status, t.task_tags, t.task_attempt,
             t.task_submitted_at, t.task_updated_at, t.task_due_at, t.task_silo)
            IS NOT DISTINCT FROM
            (orleans_storage.task_id, orleans_storage.task_type, orleans_storage.task_status,
             orleans_storage.task_tags, orleans_storage.task_attempt, orleans_storage.task_submitted_at,
             orleans_storage.task_updated_at, orleans_storage.task_due_at, orleans_storage.task_silo));

DELETE FROM task_status_counts;
INSERT INTO task_status_counts (service_id, status, shard, count)
SELECT service_id, task_status, 0, count(*)
FROM orleans_storage
WHERE task_id IS NOT NULL AND task_status IS NOT NULL
GROUP BY service_id, task_status;

-- Moves one task from the old row's (service, status) to the new row's. A row is counted when
-- task_id and task_status are both set; the WHEN clauses of the triggers below call this only when
-- that counted key changes, so ordinary writes within one status cost nothing here.
CREATE OR REPLACE FUNCTION task_status_counts_apply()
RETURNS trigger
LANGUAGE plpgsql
AS $function$
DECLARE
    shard_no   smallint := pg_backend_pid() % 16;
    old_status text;
    new_status text;
    delta      record;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.task_id IS NOT NULL THEN
        old_status := OLD.task_status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.task_id IS NOT NULL THEN
        new_status := NEW.task_status;
    END IF;

    -- Fixed lock order: every transaction takes counter rows in (service_id, status) order, so no
    -- two transactions can each hold one counter the other waits for.
    FOR delta IN
        SELECT d.service_id, d.status, d.change
        FROM (VALUES (CASE WHEN TG_OP <> 'INSERT' THEN OLD.service_id END, old_status, -1),
                     (CASE WHEN TG_OP <> 'DELETE' THEN NEW.service_id END, new_status, 1))
             AS d(service_id, status, change)
        WHERE d.status IS NOT NULL
        ORDER BY d.service_id COLLATE "C", d.status COLLATE "C"
    LOOP
        INSERT INTO task_status_counts AS c (service_id, status, shard, count)
        VALUES (delta.service_id, delta.status, shard_no, delta.change)
        ON CONFLICT ON CONSTRAINT task_status_counts_pkey DO UPDATE SET count = c.count + EXCLUDED.count;
    END LOOP;

    RETURN NULL;
END
$function$;

-- TRUNCATE fires no row triggers; forget the counts with the rows.
CREATE OR REPLACE FUNCTION task_status_counts_truncate()
RETURNS trigger
LANGUAGE plpgsql
AS $function$
BEGIN
    DELETE FROM task_status_counts;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER task_status_counts_insert
    AFTER INSERT ON orleans_storage
    FOR EACH ROW
    WHEN (NEW.task_id IS NOT NULL AND NEW.task_status IS NOT NULL)
    EXECUTE FUNCTION task_status_counts_apply();

CREATE OR REPLACE TRIGGER task_status_counts_update
    AFTER UPDATE ON orleans_storage
    FOR EACH ROW
    WHEN ((CASE WHEN OLD.task_id IS NOT NULL THEN OLD.task_status END)
              IS DISTINCT FROM (CASE WHEN NEW.task_id IS NOT NULL THEN NEW.task_status END)
          OR OLD.service_id IS DISTINCT FROM NEW.service_id)
    EXECUTE FUNCTION task_status_counts_apply();

CREATE OR REPLACE TRIGGER task_status_counts_delete
    AFTER DELETE ON orleans_storage
    FOR EACH ROW
    WHEN (OLD.task_id IS NOT NULL AND OLD.task_status IS NOT NULL)
    EXECUTE FUNCTION task_status_counts_apply();

CREATE OR REPLACE TRIGGER task_status_counts_truncate
    AFTER TRUNCATE ON orleans_storage
    FOR EACH STATEMENT
    EXECUTE FUNCTION task_status_counts_truncate();

-- Indexes for the read queries; partial, so the other states' rows cost nothing in them.
-- The list queries filter service_id from the row: one service per database is the deployment
-- model, so a leading service_id column would only make every entry bigger.
-- List, newest first, keyset "task_id < cursor", and From/To as id bounds.
CREATE INDEX IF NOT EXISTS orleans_storage_task_id_idx
    ON orleans_storage (task_id DESC) WHERE task_id IS NOT NULL;
-- List by status, and FindRunning.
CREATE INDEX IF NOT EXISTS orleans_storage_task_status_idx
    ON orleans_storage (task_status, task_id DESC) WHERE task_id IS NOT NULL;
-- List by type.
CREATE INDEX IF NOT EXISTS orleans_storage_task_type_idx
    ON orleans_storage (task_type, task_id DESC) WHERE task_id IS NOT NULL;
-- List by tag (task_tags @> ARRAY[tag]).
CREATE INDEX IF NOT EXISTS orleans_storage_task_tags_idx
    ON orleans_storage USING gin (task_tags) WHERE task_id IS NOT NULL;
-- FindDue: tasks whose due time has come, oldest first. Only waiting tasks have a due time.
CREATE INDEX IF NOT EXISTS orleans_storage_task_due_at_idx
    ON orleans_storage (task_due_at) WHERE task_due_at IS NOT NULL;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- As in 0002, plus the task_* columns from the payload in both branches. The task CTE is
-- referenced twice, so PostgreSQL evaluates it (and parses the JSON) once per statement.
('WriteToStorageKey', $query$
WITH task AS (
    SELECT * FROM task_read_model_columns(@GrainTypeString, @PayloadBinary)
),
updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary,
        -- Wraps to 1 instead of overflowing; ETags are only compared for equality.
        version = version % 2147483647 + 1,
        grain_type_hash = @GrainTypeHash,
        modified_on = now(),
        (task_id, task_type, task_status, task_tags, task_attempt,
         task_submitted_at, task_updated_at, task_due_at, task_silo) = (SELECT * FROM task)
    WHERE @GrainStateVersion IS NOT NULL
      AND grain_id_hash = @GrainIdHash
      AND grain_type = @GrainTypeString
      AND service_id = @ServiceId
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
),
inserted AS (
    INSERT INTO orleans_storage
        (service_id, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension,
         grain_type_hash, payload, version, modified_on,
         task_id, task_type, task_status, task_tags, task_attempt,
         task_submitted_at, task_updated_at, task_due_at, task_silo)
    SELECT @ServiceId, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           COALESCE(@GrainIdExtensionString, ''), @GrainTypeHash, @PayloadBinary, 1, now(),
           task.task_id, task.task_type, task.task_status, task.task_tags, task.task_attempt,
           task.task_submitted_at, task.task_updated_at, task.task_due_at, task.task_silo
    FROM task
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT orleans_storage_pkey DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$query$),

-- As in 0002, and the cleared row leaves the read model (the update trigger decrements its count).
('ClearStorageKey', $query$
UPDATE orleans_storage
SET payload = NULL,
    version = version % 2147483647 + 1,
    modified_on = now(),
    task_id = NULL,
    task_type = NULL,
    task_status = NULL,
    task_tags = NULL,
    task_attempt = NULL,
    task_submitted_at = NULL,
    task_updated_at = NULL,
    task_due_at = NULL,
    task_silo = NULL
WHERE grain_id_hash = @GrainIdHash
  AND grain_type = @GrainTypeString
  AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion"
$query$)
-- DeleteStorageKey keeps its 0002 text: the row and its task_* columns go together, and the delete
-- trigger decrements the count.
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
