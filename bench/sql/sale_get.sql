-- The statements Kassa sends to read one sale (GET /api/v1/sales/{id}): the sale, its lines, its payments,
-- for pgbench -M prepared on Kassa's own database: the ceiling bench/run holds sale_get against.
-- BenchSqlIntegrationTests checks that they are what the read sends. bench_sales holds the ids sale_get
-- reads (n = 0..99), made by bench/run.
\set r random(0, 99)
-- bench: one of the sales sale_get reads, in turn (not a statement of Kassa's)
SELECT id AS sale_id, '{' || id || '}' AS sale_ids FROM bench_sales WHERE n = :r \gset
SELECT id, number, location_id, terminal_id, terminal_label, customer_id, cashier_id, status, supply, place_of_supply,
       currency, business_date, subtotal, discount_value, discount_is_percentage, sale_discount, discount_total,
       taxable, cgst, sgst, igst, cess, tax_total, total, paid, change_due, notes, created_at,
       coalesce(made_at, created_at) AS made_at, voided_at, voided_by, void_reason FROM sales WHERE id = :sale_id;
SELECT sale_id, id, line_no, product_id, sku, name, hsn_code, unit, quantity, unit_price, list_price,
       price_includes_tax, tax_rate, cess_rate, gross, discount, sale_discount, taxable, cgst, sgst, igst, cess,
       tax_total, total FROM sale_lines WHERE sale_id = ANY(:sale_ids) ORDER BY sale_id, line_no;
SELECT id, sale_id, method, amount, tendered, reference, created_at FROM sale_payments WHERE sale_id = ANY(:sale_ids)
 ORDER BY sale_id, id;
