import { migration } from './migrations.mjs';

// Generates realistic migration text of a given line count: tables, indexes, constraint
// recipes, DO-guarded types, plpgsql functions, seed inserts, comments with non-ASCII text.
const block = (i) => `-- Migration step ${i}: ajoute la table des commandes (注文) 🎉
CREATE TABLE IF NOT EXISTS orders_${i} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL,
  status text NOT NULL DEFAULT 'new',
  total numeric(12, 2),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS orders_${i}_customer_idx ON orders_${i} (customer_id);
ALTER TABLE orders_${i} ADD COLUMN IF NOT EXISTS note text;
ALTER TABLE orders_${i} DROP CONSTRAINT IF EXISTS orders_${i}_total_check;
ALTER TABLE orders_${i} ADD CONSTRAINT orders_${i}_total_check CHECK (total >= 0) NOT VALID;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'order_state_${i}') THEN
    CREATE TYPE order_state_${i} AS ENUM ('new', 'paid', 'shipped');
  END IF;
END $$;
CREATE OR REPLACE FUNCTION touch_${i}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.created_at := now();
  RETURN NEW;
END $fn$;
INSERT INTO orders_${i} (customer_id, status) VALUES (1, 'new') ON CONFLICT DO NOTHING;
CREATE TABLE orders_archive_${i} (id bigint, moved_at timestamptz);
`;

/** Every table of a generated migration renamed apart, so no cache can answer for a copy. */
export const renamed = (text, i) => text.replaceAll('orders_', `orders${i}_`);

/** The CLI benchmarks' 700 files: mostly short migrations of the preview set, every tenth a 200-line file. */
export function cliCorpus(count = 700) {
  return Array.from({ length: count }, (_, i) => ({
    name: `${String(i).padStart(4, '0')}_step_${i}.sql`,
    text: i % 10 === 0 ? renamed(migrationOfLines(200), i) : migration(i),
  }));
}

export function migrationOfLines(lines) {
  const out = [];
  for (let i = 0; ; i++) {
    const b = block(i).trimEnd().split('\n');
    if (out.length + b.length > lines) break;
    out.push(...b);
  }
  // Pad with comment lines so the file has exactly `lines` lines and still parses.
  while (out.length < lines) out.push(`-- padding ${out.length}`);
  return out.join('\n') + '\n';
}
