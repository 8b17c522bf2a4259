-- 0002 grain_storage
-- Table and queries for Microsoft.Orleans.Persistence.AdoNet (10.4.2).
--
-- What the provider sends (parameter: .NET type -> PostgreSQL type as Npgsql infers it):
--   GrainIdHash int, GrainIdN0 bigint, GrainIdN1 bigint, GrainTypeHash int, GrainTypeString text,
--   GrainIdExtensionString text (NULL for keys without extension), ServiceId text,
--   GrainStateVersion int (NULL before the first write), PayloadBinary bytea.
--   Every query gets all of them; Npgsql ignores the ones a query does not mention.
-- What it reads back:
--   ReadFromStorageKey   -> zero or one row with PayloadBinary (NULL = no state) and Version.
--   WriteToStorageKey    -> one row NewGrainStateVersion; no row means "version conflict".
--   ClearStorageKey      -> first column = new version; no row means "version conflict".
--   DeleteStorageKey     -> same as clear (used instead of it when DeleteStateOnClear = true).
-- The provider throws InconsistentStateException when the returned version is missing, empty or
-- equal to the ETag it sent, so a stale ETag is answered simply by matching no row.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id         text        NOT NULL,
    -- GrainTypeString: the state name given to [PersistentState(...)].
    grain_type         text        NOT NULL,
    grain_id_hash      integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    -- Key extension (or the whole key of a string-keyed grain); '' when the key has none, because
    -- primary-key columns cannot be NULL. Orleans' key factories never create an empty extension,
    -- so '' cannot be confused with a real one.
    grain_id_extension text        NOT NULL,
    grain_type_hash    integer     NOT NULL,
    payload            bytea       NULL,
    -- The ETag. Only ever compared for equality, so it may wrap around (see the queries).
    version            integer     NOT NULL,
    modified_on        timestamptz NOT NULL DEFAULT now(),
    -- One row per (service, state name, grain key). grain_id_hash leads because it is the most
    -- selective column, and it is part of the identity because it tells apart keys whose stored
    -- parts coincide (an integer key 0 with extension 'x' and a string key 'x' both store n0 = n1 = 0).
    CONSTRAINT orleans_storage_pkey PRIMARY KEY
        (grain_id_hash, grain_type, service_id, grain_id_n0, grain_id_n1, grain_id_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $query$
SELECT payload AS "PayloadBinary",
       version AS "Version"
FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash
  AND grain_type = @GrainTypeString
  AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
$query$),

-- Without an ETag this is a first write: insert, and if a row already exists (another activation
-- won the race) insert nothing, which the provider reports as a version conflict. ON CONFLICT on the
-- primary key makes racing first writes wait for each other instead of deadlocking or duplicating.
-- With an ETag it is an update that only matches the row still carrying that version; a concurrent
-- writer that got there first has changed the version, so this one matches nothing.
('WriteToStorageKey', $query$
WITH updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary,
        -- Wraps to 1 instead of overflowing; ETags are only compared for equality.
        version = version % 2147483647 + 1,
        grain_type_hash = @GrainTypeHash,
        modified_on = now()
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
         grain_type_hash, payload, version, modified_on)
    SELECT @ServiceId, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           COALESCE(@GrainIdExtensionString, ''), @GrainTypeHash, @PayloadBinary, 1, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT orleans_storage_pkey DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$query$),

-- Keeps the row (payload NULL) and advances the version, so an activation that still holds the
-- old ETag cannot overwrite the cleared state.
('ClearStorageKey', $query$
UPDATE orleans_storage
SET payload = NULL,
    version = version % 2147483647 + 1,
    modified_on = now()
WHERE grain_id_hash = @GrainIdHash
  AND grain_type = @GrainTypeString
  AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion"
$query$),

-- Removes the row. The provider only needs a value different from the ETag it sent to know the
-- delete happened (it then forgets the ETag), so return the version a clear would have produced.
('DeleteStorageKey', $query$
DELETE FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash
  AND grain_type = @GrainTypeString
  AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version % 2147483647 + 1 AS "NewGrainStateVersion"
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
