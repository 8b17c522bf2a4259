-- 0001 orleans_query
-- The Orleans ADO.NET providers load their SQL at start-up with the fixed statement
-- "SELECT QueryKey, QueryText FROM OrleansQuery", so the table name and both column names are
-- part of their contract (unquoted, hence folded to lower case by PostgreSQL).
-- Later migrations add their rows with INSERT ... ON CONFLICT (querykey) DO UPDATE, so re-running
-- a migration, or shipping a corrected query text in a new one, always leaves the current text.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT orleansquery_pkey PRIMARY KEY (QueryKey)
);
