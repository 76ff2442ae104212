/** Pre-existing objects for rule docs: `setup` SQL that the lock test runs before `bad`. */

/** A populated `users` table with an index on `email`. */
export const USERS_TABLE = `CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO users (id, email, name) VALUES (1, 'ada@example.com', 'Ada'), (2, 'alan@example.com', 'Alan');
CREATE INDEX users_email_idx ON users (email);`;

/** A range-partitioned `events` table with one partition. */
export const EVENTS_PARTITIONED = `CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
INSERT INTO events VALUES (1, '2023-05-01'), (2, '2023-06-01');`;
