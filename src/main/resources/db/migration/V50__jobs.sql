-- db-scheduler's table (PostgreSQL DDL from its sources, 16.x with priority).
CREATE TABLE scheduled_tasks (
    task_name            text NOT NULL,
    task_instance        text NOT NULL,
    task_data            bytea,
    execution_time       timestamptz NOT NULL,
    picked               boolean NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures int,
    last_heartbeat       timestamptz,
    version              bigint NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- What a job is and how far it got; db-scheduler only decides when it runs.
CREATE TABLE job_runs (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL,
    state        text NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    input        jsonb NOT NULL,
    done         bigint NOT NULL DEFAULT 0,
    total        bigint,
    errors       jsonb NOT NULL DEFAULT '[]',
    result_url   text,
    attempts     int NOT NULL DEFAULT 0,
    recovery     text CHECK (recovery IN ('resumed', 'retried')),
    started_by   uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX job_runs_by_user ON job_runs (started_by, id);

CREATE CONSTRAINT TRIGGER job_runs_require_event AFTER INSERT OR UPDATE OR DELETE ON job_runs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
