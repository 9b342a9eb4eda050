-- The normalized stream of every Smile Place, typed. One row per message id: a redelivered or resent message is
-- dropped by the primary key (INSERT … ON CONFLICT DO NOTHING), so each message is stored exactly once.

CREATE TABLE measurement (
    message_id           text PRIMARY KEY,
    site                 text NOT NULL,
    node_id              text NOT NULL,
    gateway_id           text NOT NULL,
    observed_at          timestamptz NOT NULL,
    received_at          timestamptz NOT NULL,
    observed_time_source text NOT NULL,
    quality              text[] NOT NULL,
    transport            text NOT NULL,
    link_source          text NOT NULL,
    rssi_dbm             integer,
    snr_db               double precision,
    lorawan_gateway      text,
    f_cnt                bigint,
    f_port               integer,
    frame_seq            integer NOT NULL,
    frame_boot           integer NOT NULL,
    frame_sample         integer NOT NULL,
    frame_samples        integer NOT NULL,
    radar_state          text,
    radar_moving_cm      integer,
    radar_stationary_cm  integer,
    -- The raw message's hash: a second message with this id but other content is told apart from a redelivery.
    payload_sha256       bytea NOT NULL,
    stream_seq           bigint NOT NULL,
    ingested_at          timestamptz NOT NULL DEFAULT now()
);

-- One row per reading; site, node and time repeated so the hourly Open Data aggregates read one index.
CREATE TABLE reading (
    message_id  text NOT NULL REFERENCES measurement ON DELETE CASCADE,
    site        text NOT NULL,
    node_id     text NOT NULL,
    observed_at timestamptz NOT NULL,
    name        text NOT NULL,
    value       double precision,
    present     boolean,
    unit        text,
    implausible boolean NOT NULL,
    PRIMARY KEY (message_id, name),
    -- A number with its unit, or presence as a boolean: never both, never neither.
    CHECK ((value IS NOT NULL AND unit IS NOT NULL AND present IS NULL) OR (value IS NULL AND unit IS NULL AND present IS NOT NULL))
);
CREATE INDEX reading_site_time ON reading (site, observed_at);

CREATE TABLE node_status (
    message_id       text PRIMARY KEY,
    site             text NOT NULL,
    node_id          text NOT NULL,
    gateway_id       text NOT NULL,
    received_at      timestamptz NOT NULL,
    node_time        timestamptz,
    firmware         text NOT NULL,
    reset_reason     text NOT NULL,
    config_version   bigint NOT NULL,
    uptime_s         bigint NOT NULL,
    buffered_samples bigint NOT NULL,
    dropped_samples  bigint NOT NULL,
    battery_v        double precision,
    link             jsonb NOT NULL,
    frame            jsonb NOT NULL,
    payload_sha256   bytea NOT NULL,
    stream_seq       bigint NOT NULL,
    ingested_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX node_status_node_time ON node_status (site, node_id, received_at);

-- The gateways' dead letters (smile.dead-letter.v1): uplinks a gateway could not use.
CREATE TABLE dead_letter (
    message_id     text PRIMARY KEY,
    site           text NOT NULL,
    node_id        text,
    gateway_id     text NOT NULL,
    received_at    timestamptz NOT NULL,
    source         text NOT NULL,
    source_topic   text,
    reason         text NOT NULL,
    byte           integer,
    detail         text,
    raw            bytea NOT NULL,
    raw_length     integer,
    raw_sha256     text,
    raw_truncated  boolean,
    payload_sha256 bytea NOT NULL,
    stream_seq     bigint NOT NULL,
    ingested_at    timestamptz NOT NULL DEFAULT now()
);

-- What the ingest itself could not parse or store, keyed by its place in the stream (a redelivery lands on the same
-- row). The consumer acknowledges it after this row is committed and moves on.
CREATE TABLE ingest_dead_letter (
    stream         text NOT NULL,
    stream_seq     bigint NOT NULL,
    subject        text NOT NULL,
    reason         text NOT NULL,
    detail         text,
    message_id     text,
    payload        bytea NOT NULL,
    payload_length integer NOT NULL,
    payload_sha256 bytea NOT NULL,
    rejected_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream, stream_seq)
);
CREATE INDEX ingest_dead_letter_reason ON ingest_dead_letter (reason, rejected_at);
