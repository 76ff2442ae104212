// The generated migration set the preview and trace benchmarks share.

/** Migration i: a table referencing the previous one, an index, a column added to an older table, now and then a view, enum or function. */
export function migration(i) {
  const lines = [
    `-- ${String(i).padStart(4, '0')}: entity ${i}`,
    `CREATE TABLE entity_${i} (`,
    `  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,`,
    i > 0 ? `  parent_id bigint REFERENCES entity_${i - 1} (id),` : `  parent_id bigint,`,
    `  name text NOT NULL,`,
    `  amount numeric(12, 2) NOT NULL DEFAULT 0,`,
    `  created_at timestamptz NOT NULL DEFAULT now()`,
    `);`,
    `CREATE INDEX entity_${i}_parent_idx ON entity_${i} (parent_id);`,
    `COMMENT ON TABLE entity_${i} IS 'entity number ${i}';`,
  ];
  if (i >= 3) lines.push(`ALTER TABLE entity_${i - 3} ADD COLUMN note_${i} text;`);
  if (i % 10 === 5) lines.push(`CREATE VIEW entity_${i}_summary AS SELECT parent_id, count(*) AS n, sum(amount) AS total FROM entity_${i} GROUP BY parent_id;`);
  if (i % 15 === 7) lines.push(`CREATE TYPE status_${i} AS ENUM ('new', 'active', 'closed');`, `ALTER TABLE entity_${i} ADD COLUMN status status_${i} NOT NULL DEFAULT 'new';`);
  if (i % 20 === 9) lines.push(`CREATE FUNCTION entity_${i}_total() RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0) FROM entity_${i} $$;`);
  return lines.join('\n') + '\n';
}

/** `count` numbered migrations: `migrations/0000_entity_0.sql`… */
export function generatedMigrations(count) {
  return Array.from({ length: count }, (_, i) => ({ path: `migrations/${String(i).padStart(4, '0')}_entity_${i}.sql`, text: migration(i) }));
}
