-- 0003 clustering
-- Tables and queries for Microsoft.Orleans.Clustering.AdoNet (10.4.2), silo and client side.
--
-- What the provider sends (parameter: .NET type -> PostgreSQL type as Npgsql infers it):
--   DeploymentId text (the ClusterId), Address text, Port int, Generation int, SiloName text,
--   HostName text, Status int (SiloStatus: 3 = Active, 6 = Dead), ProxyPort int,
--   SuspectTimes text ("silo,date|silo,date", NULL for none), Version int (the table version the
--   caller read), StartTime and IAmAliveTime DateTime with Kind = Utc and DbType.DateTime, which
--   Npgsql 10 sends as timestamptz -- hence timestamptz columns (a timestamp column would make the
--   value depend on the session time zone).
-- What it reads back:
--   MembershipRead*Key -> always at least one row carrying Version; member columns NULL when no
--                         silo matches (a NULL StartTime means "no member in this row").
--   Insert/Update*Key, InsertMembershipVersionKey -> exactly one row with one boolean column.
--   GatewaysQueryKey   -> Address, ProxyPort, Generation.
--
-- The version row is the cluster's optimistic-concurrency token: every insert or update of a member
-- row must move it from the version the caller read to the next one in the same statement, and
-- must change nothing and answer false when the caller's version is stale. Writers of one cluster
-- therefore serialise on the version row's lock; after the lock wait PostgreSQL re-checks
-- "version = @Version" against the committed row, so of two writers holding the same version
-- exactly one succeeds. The version is never wrapped: Orleans compares table versions by size.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL,
    version       integer     NOT NULL DEFAULT 0,
    modified_on   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pkey PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id text        NOT NULL,
    address       text        NOT NULL,
    port          integer     NOT NULL,
    generation    integer     NOT NULL,
    silo_name     text        NOT NULL,
    host_name     text        NOT NULL,
    status        integer     NOT NULL,
    -- 0 when the silo has no gateway.
    proxy_port    integer     NOT NULL,
    suspect_times text        NULL,
    start_time    timestamptz NOT NULL,
    iamalive_time timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pkey PRIMARY KEY (deployment_id, address, port, generation),
    -- Deleting a cluster's version row (DeleteMembershipTableEntriesKey) removes its members too.
    CONSTRAINT orleans_membership_version_fkey FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Called by every silo at start-up; two silos starting together both succeed, one answering false.
('InsertMembershipVersionKey', $query$
WITH inserted AS (
    INSERT INTO orleans_membership_version (deployment_id, version, modified_on)
    VALUES (@DeploymentId, 0, now())
    ON CONFLICT ON CONSTRAINT orleans_membership_version_pkey DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted)
$query$),

-- Version and members in one statement, so both come from the same snapshot.
('MembershipReadAllKey', $query$
SELECT v.version       AS "Version",
       m.address       AS "Address",
       m.port          AS "Port",
       m.generation    AS "Generation",
       m.silo_name     AS "SiloName",
       m.host_name     AS "HostName",
       m.status        AS "Status",
       m.proxy_port    AS "ProxyPort",
       m.suspect_times AS "SuspectTimes",
       m.start_time    AS "StartTime",
       m.iamalive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$query$),

('MembershipReadRowKey', $query$
SELECT v.version       AS "Version",
       m.address       AS "Address",
       m.port          AS "Port",
       m.generation    AS "Generation",
       m.silo_name     AS "SiloName",
       m.host_name     AS "HostName",
       m.status        AS "Status",
       m.proxy_port    AS "ProxyPort",
       m.suspect_times AS "SuspectTimes",
       m.start_time    AS "StartTime",
       m.iamalive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$query$),

-- The version only moves when the silo is not yet a member, and the member is only inserted when
-- the version moved. Should the insert still hit an existing row (only possible if rows are written
-- outside these queries) the unique violation aborts the whole statement, bump included.
('InsertMembershipKey', $query$
WITH bumped AS (
    UPDATE orleans_membership_version v
    SET version = v.version + 1,
        modified_on = now()
    WHERE v.deployment_id = @DeploymentId
      AND v.version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM orleans_membership m
          WHERE m.deployment_id = @DeploymentId
            AND m.address = @Address
            AND m.port = @Port
            AND m.generation = @Generation)
    RETURNING v.deployment_id
),
inserted AS (
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         suspect_times, start_time, iamalive_time)
    SELECT b.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
           NULL, @StartTime, @IAmAliveTime
    FROM bumped b
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted)
$query$),

-- Same pattern for an existing member. If a defunct-entry cleanup deletes the row between the bump
-- and the update, the answer is false with the version moved on: harmless, callers re-read and retry.
('UpdateMembershipKey', $query$
WITH bumped AS (
    UPDATE orleans_membership_version v
    SET version = v.version + 1,
        modified_on = now()
    WHERE v.deployment_id = @DeploymentId
      AND v.version = @Version
      AND EXISTS (
          SELECT 1 FROM orleans_membership m
          WHERE m.deployment_id = @DeploymentId
            AND m.address = @Address
            AND m.port = @Port
            AND m.generation = @Generation)
    RETURNING v.deployment_id
),
updated AS (
    UPDATE orleans_membership m
    SET status = @Status,
        suspect_times = @SuspectTimes,
        iamalive_time = @IAmAliveTime
    FROM bumped b
    WHERE m.deployment_id = b.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated)
$query$),

-- A heartbeat, not a membership change: it does not touch the version.
('UpdateIAmAlivetimeKey', $query$
UPDATE orleans_membership
SET iamalive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
$query$),

-- Used by clients (and silos) to find gateways; the provider passes Status = 3 (Active).
('GatewaysQueryKey', $query$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0
$query$),

-- Removes the whole cluster: the version row, and its members through the cascading foreign key.
('DeleteMembershipTableEntriesKey', $query$
DELETE FROM orleans_membership_version
WHERE deployment_id = @DeploymentId
$query$),

-- Bulk removal of dead silos not heard of since @IAmAliveTime. 10.4.2 only uses it when
-- CleanupDefunctSiloEntryKey is missing; kept correct for older providers and manual use.
('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND iamalive_time < @IAmAliveTime
$query$),

-- 10.4.2 reads all members, picks the dead ones old enough to remove, and deletes each with the
-- values it saw; the row goes only if it is still dead and unchanged since then. Orleans writes an
-- empty suspect list as '' and reads it back as none, so NULL and '' are the same here.
('CleanupDefunctSiloEntryKey', $query$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND iamalive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '')
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
