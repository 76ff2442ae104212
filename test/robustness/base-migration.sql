-- Orders — 注文 🚀
-- Migration: 0042_orders
-- lens-ignore-file prefer-text
SET lock_timeout = '5s';
BEGIN;
CREATE TABLE IF NOT EXISTS orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  note varchar(200) DEFAULT E'it''s \\ "quoted"',
  total numeric(12, 2) CHECK (total >= 0),
  "Mixed Case" text COLLATE "C"
);
/* a /* nested */ comment */
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'order_state') THEN
    CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
  END IF;
EXCEPTION WHEN duplicate_object THEN NULL;
END
$$;
CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.updated_at := now(); -- keep $$ inside
  RETURN NEW;
END;
$fn$;
-- lens-ignore add-required-column -- reviewed
ALTER TABLE orders ADD COLUMN state order_state NOT NULL;
ALTER TABLE orders ALTER COLUMN total TYPE numeric(14, 2) USING total::numeric(14, 2);
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);
INSERT INTO orders (customer_id, note) VALUES (1, U&'d\0061t\+000061'), (2, $q$a;b$q$);
UPDATE orders SET note = 'x';
COMMIT;
