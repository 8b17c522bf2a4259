-- 0007 dashboard_key_ring
-- The key ring that signs the dashboard's sign-in cookies and antiforgery tokens (ASP.NET Core data
-- protection), shared by every dashboard replica so each accepts what another issued and a rollout
-- signs nobody out. PostgreSQL rather than Redis: the dashboard cannot serve without PostgreSQL
-- anyway, while a Redis outage must only cost the statistics' history.
--
--   service_id    text  the deployment (Observatory:ServiceId), so deployments sharing a database keep their own keys
--   friendly_name text  the key's name ("key-<guid>"), unique within a deployment
--   xml           text  the key element as data protection wrote it (its secret encrypted when configured)
--
-- A key is written once, when a replica creates it (about every 90 days), and read on start-up and
-- on a key-ring refresh; rows are never updated. Expired keys stay, as data protection expects.

CREATE TABLE IF NOT EXISTS dashboard_key_ring
(
    service_id    text        NOT NULL,
    friendly_name text        NOT NULL,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dashboard_key_ring_pkey PRIMARY KEY (service_id, friendly_name)
);
