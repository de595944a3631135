-- The statements Kassa sends for a sale of 3 lines paid in cash (POST /api/v1/sales, no terminal), in one
-- transaction, for pgbench -M prepared on Kassa's own database: the ceiling bench/run holds sale_create
-- against. BenchSqlIntegrationTests checks that they are what the sale path sends. Variables given by
-- bench/run with -D: loc (the location), cashier (its id), scope ('sale:' || cashier), rhash (a request hash,
-- \x…), json (a sale's answer as Kassa writes it, with placeholder, quoted, where its number goes), day
-- (today in the location's zone). bench_pool is the sales' 300 products, numbered n = 0..299 by bench/run.
\set r1 random(0, 99)
\set r2 random(100, 199)
\set r3 random(200, 299)
\set q1 random(1, 3)
\set q2 random(1, 3)
\set q3 random(1, 3)
-- bench: three products of the pool and the ids Kassa makes in Java (not a statement of Kassa's)
SELECT a.id AS p1, a.sku AS sku1, a.name AS name1, a.hsn_code AS hsn1, a.unit AS unit1, a.price AS price1,
       b.id AS p2, b.sku AS sku2, b.name AS name2, b.hsn_code AS hsn2, b.unit AS unit2, b.price AS price2,
       c.id AS p3, c.sku AS sku3, c.name AS name3, c.hsn_code AS hsn3, c.unit AS unit3, c.price AS price3,
       a.price * :q1 AS gross1, round(a.price * :q1 / 1.18, 2) AS taxable1,
       round((a.price * :q1 - round(a.price * :q1 / 1.18, 2)) / 2, 2) AS cgst1,
       a.price * :q1 - round(a.price * :q1 / 1.18, 2) - round((a.price * :q1 - round(a.price * :q1 / 1.18, 2)) / 2, 2) AS sgst1,
       a.price * :q1 - round(a.price * :q1 / 1.18, 2) AS tax1,
       b.price * :q2 AS gross2, round(b.price * :q2 / 1.18, 2) AS taxable2,
       round((b.price * :q2 - round(b.price * :q2 / 1.18, 2)) / 2, 2) AS cgst2,
       b.price * :q2 - round(b.price * :q2 / 1.18, 2) - round((b.price * :q2 - round(b.price * :q2 / 1.18, 2)) / 2, 2) AS sgst2,
       b.price * :q2 - round(b.price * :q2 / 1.18, 2) AS tax2,
       c.price * :q3 AS gross3, round(c.price * :q3 / 1.18, 2) AS taxable3,
       round((c.price * :q3 - round(c.price * :q3 / 1.18, 2)) / 2, 2) AS cgst3,
       c.price * :q3 - round(c.price * :q3 / 1.18, 2) - round((c.price * :q3 - round(c.price * :q3 / 1.18, 2)) / 2, 2) AS sgst3,
       c.price * :q3 - round(c.price * :q3 / 1.18, 2) AS tax3,
       a.price * :q1 + b.price * :q2 + c.price * :q3 AS total,
       round(a.price * :q1 / 1.18, 2) + round(b.price * :q2 / 1.18, 2) + round(c.price * :q3 / 1.18, 2) AS taxable,
       uuidv7() AS sale_id, uuidv7() AS line1, uuidv7() AS line2, uuidv7() AS line3, uuidv7() AS payment,
       clock_timestamp()::text AS ts, uuidv7() AS event_id, gen_random_uuid()::text AS key, 'number:' || gen_random_uuid() AS placeholder,
       '{' || a.id || ',' || b.id || ',' || c.id || '}' AS products,
       '{' || :q1 || ',' || :q2 || ',' || :q3 || '}' AS quantities,
       '{' || uuidv7() || ',' || uuidv7() || ',' || uuidv7() || '}' AS movements
  FROM bench_pool a, bench_pool b, bench_pool c WHERE a.n = :r1 AND b.n = :r2 AND c.n = :r3 \gset
-- bench: the sums of the lines' taxes (not a statement of Kassa's)
SELECT :cgst1::numeric + :cgst2 + :cgst3 AS cgst, :sgst1::numeric + :sgst2 + :sgst3 AS sgst,
       :tax1::numeric + :tax2 + :tax3 AS tax, replace(:json, 'PLACEHOLDER', :placeholder) AS answer,
       to_json(:placeholder::text)::text AS quoted \gset
BEGIN;
INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (:scope, :key, :rhash)
ON CONFLICT (scope, key) DO NOTHING;
SELECT id, code, name, type, address, state_code, time_zone, active, created_at, updated_at FROM locations WHERE id = :loc;
SELECT legal_name, trade_name, address, country, currency, time_zone, created_at, updated_at FROM organization;
SELECT p.id, p.sku, p.name, p.description, p.category_id, p.unit, p.price, p.price_includes_tax, p.tax_class_id,
       t.rate AS tax_rate, t.cess_rate, p.hsn_code, p.track_stock, p.allow_negative_stock, p.active, p.created_at,
       p.updated_at, ARRAY(SELECT b.code FROM product_barcodes b WHERE b.product_id = p.id ORDER BY b.code) AS barcodes
  FROM products p JOIN tax_classes t ON t.id = p.tax_class_id WHERE p.id IN (:p1, :p2, :p3);
WITH lines AS (
  INSERT INTO sale_lines (sale_id, id, line_no, product_id, sku, name, hsn_code, unit, quantity, unit_price, list_price,
                          price_includes_tax, tax_rate, cess_rate, gross, discount, sale_discount, taxable, cgst, sgst,
                          igst, cess, tax_total, total)
  VALUES (:sale_id, :line1, 1, :p1, :sku1, :name1, :hsn1, :unit1, :q1, :price1, :price1, true, 18, 0, :gross1, 0, 0,
          :taxable1, :cgst1, :sgst1, 0, 0, :tax1, :gross1),
         (:sale_id, :line2, 2, :p2, :sku2, :name2, :hsn2, :unit2, :q2, :price2, :price2, true, 18, 0, :gross2, 0, 0,
          :taxable2, :cgst2, :sgst2, 0, 0, :tax2, :gross2),
         (:sale_id, :line3, 3, :p3, :sku3, :name3, :hsn3, :unit3, :q3, :price3, :price3, true, 18, 0, :gross3, 0, 0,
          :taxable3, :cgst3, :sgst3, 0, 0, :tax3, :gross3))
INSERT INTO sale_payments (id, sale_id, method, amount, tendered, reference, created_at)
VALUES (:payment, :sale_id, 'CASH', :total, NULL, NULL, :ts);
WITH taken AS (
    UPDATE document_series SET next_value = next_value + 1, updated_at = clock_timestamp()
    WHERE document_type = 'SALE' AND location_id = :loc
      AND starts_on <= :day AND ends_on >= :day AND NOT closed AND next_value <= max_value
    RETURNING regexp_replace(replace(replace(format, '{LOC}', location_code), '{FY}', financial_year_code),
                   '\{SEQ:[0-9]+\}',
                   lpad((next_value - 1)::text, substring(format from '\{SEQ:([0-9]+)\}')::int, '0')) AS number),
stock_wanted AS (
    SELECT w.product_id, w.quantity, w.movement_id
    FROM unnest(CAST(:products AS uuid[]), CAST(:quantities AS numeric[]), CAST(:movements AS uuid[]))
        AS w (product_id, quantity, movement_id)
    WHERE EXISTS (SELECT FROM taken)),
stock_taken AS (
    INSERT INTO stock_levels AS s (location_id, product_id, on_hand, updated_at)
    SELECT :loc::uuid, w.product_id, -w.quantity, :ts::timestamptz FROM stock_wanted w
    WHERE w.product_id = ANY(CAST(:products AS uuid[]))
       OR EXISTS (SELECT 1 FROM stock_levels e WHERE e.location_id = :loc::uuid AND e.product_id = w.product_id)
    ORDER BY w.product_id
    ON CONFLICT (location_id, product_id) DO UPDATE
        SET on_hand = s.on_hand + EXCLUDED.on_hand, updated_at = EXCLUDED.updated_at
        WHERE s.on_hand - s.reserved >= -EXCLUDED.on_hand OR s.product_id = ANY(CAST(:products AS uuid[]))
    RETURNING s.product_id, s.on_hand - s.reserved AS available_after),
stock_moved AS (
    INSERT INTO stock_movements (id, location_id, product_id, quantity, kind, reason, document_type,
                                 document_id, actor_id, created_at)
    SELECT w.movement_id, :loc::uuid, w.product_id, -w.quantity, 'SALE'::text, NULL, 'SALE'::text,
           :sale_id::uuid, :cashier::uuid, :ts::timestamptz
    FROM stock_taken t JOIN stock_wanted w ON w.product_id = t.product_id),
sale AS (
    INSERT INTO sales (id, number, location_id, terminal_id, customer_id, cashier_id, status, supply, place_of_supply,
                       currency, business_date, subtotal, discount_value, discount_is_percentage, sale_discount,
                       discount_total, taxable, cgst, sgst, igst, cess, tax_total, total, paid, change_due, notes,
                       created_at, made_at)
    SELECT :sale_id::uuid, taken.number, :loc::uuid, NULL::uuid, NULL::uuid, :cashier::uuid, 'COMPLETED'::text,
           'INTRA_STATE'::text, '29'::text, 'INR'::text, :day::date, :total::numeric, 0::numeric, false::boolean,
           0::numeric, 0::numeric, :taxable::numeric, :cgst::numeric, :sgst::numeric, 0::numeric, 0::numeric,
           :tax::numeric, :total::numeric, :total::numeric, 0::numeric, NULL::text, :ts::timestamptz,
           :ts::timestamptz
    FROM taken WHERE (SELECT count(*) FROM stock_taken) = 3 AND true
    RETURNING number),
completed AS (
    INSERT INTO events (id, type, aggregate_type, aggregate_id, location_id, actor_id, occurred_at, payload)
    SELECT :event_id::uuid, 'sale.completed'::text, 'sale'::text, :sale_id::uuid, :loc::uuid, :cashier::uuid,
           :ts::timestamptz, (replace(:answer, :quoted, to_json(sale.number)::text))::jsonb FROM sale),
i_answer AS (
    UPDATE idempotency_keys SET status = 201, response = (replace(:answer, :quoted, to_json(sale.number)::text))
    FROM sale WHERE scope = :scope AND key = :key)
SELECT coalesce((SELECT number FROM sale), kassa_required_row());
COMMIT;
