-- A report's figures kept per location and business day, so that a report reads a few rows per day instead
-- of every sale of the day with its lines and payments (the cost of that grew with the day's sales: 0.9 s
-- over 45,000 of them).
--
-- A sale written, or a sale whose status changes, leaves a row in report_day_pending: +1 for the status it
-- now has, -1 for the one it left. The reports module folds those rows into report_day_figures in batches
-- (deleting them in the same transaction), and a report reads the folded figures plus the pending rows of
-- its days, in one snapshot: the two never overlap and never miss a sale, whatever the folder is doing.
-- The triggers are the one place that sees every write to sales, so no write path can forget them.
CREATE TABLE report_day_pending (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sale_id         uuid NOT NULL,
    location_id     uuid NOT NULL,
    business_date   date NOT NULL,
    status          text NOT NULL,
    sign            smallint NOT NULL CHECK (sign IN (-1, 1))
);
CREATE INDEX report_day_pending_by_day ON report_day_pending (location_id, business_date);

-- kind and key: ('sale', status), ('cashier', user id), ('quarter', the start of the sale's quarter hour in
-- UTC, epoch seconds: the report turns it into the location's local hour, exact for every zone offset in
-- use, which are whole quarter hours), ('method', payment method), ('product', product id), ('rate',
-- '<tax rate>/<cess rate>'). Every kind but 'sale' counts completed sales only. sales is the number of
-- sales, each counted once per key; the other columns are sums (sku and name: the least seen).
CREATE TABLE report_day_figures (
    location_id     uuid NOT NULL,
    business_date   date NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('sale', 'cashier', 'quarter', 'method', 'product', 'rate')),
    key             text NOT NULL,
    sales           bigint NOT NULL,
    quantity        numeric NOT NULL,
    gross           numeric NOT NULL,
    discounts       numeric NOT NULL,
    taxable         numeric NOT NULL,
    tax             numeric NOT NULL,
    total           numeric NOT NULL,
    cgst            numeric NOT NULL,
    sgst            numeric NOT NULL,
    igst            numeric NOT NULL,
    cess            numeric NOT NULL,
    sku             text,
    name            text,
    PRIMARY KEY (location_id, business_date, kind, key)
);

CREATE FUNCTION kassa_sales_inserted_for_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_day_pending (sale_id, location_id, business_date, status, sign)
    SELECT n.id, n.location_id, n.business_date, n.status, 1 FROM inserted n ORDER BY n.id;
    RETURN NULL;
END $$;
CREATE TRIGGER sales_inserted_for_reports AFTER INSERT ON sales
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION kassa_sales_inserted_for_reports();

CREATE FUNCTION kassa_sales_updated_for_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_day_pending (sale_id, location_id, business_date, status, sign)
    SELECT o.id, o.location_id, o.business_date, c.status, c.sign
      FROM before_update o JOIN after_update n ON n.id = o.id
     CROSS JOIN LATERAL (VALUES (o.status, -1), (n.status, 1)) AS c(status, sign)
     WHERE o.status IS DISTINCT FROM n.status
     ORDER BY o.id, c.sign;
    RETURN NULL;
END $$;
CREATE TRIGGER sales_updated_for_reports AFTER UPDATE ON sales
    REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update
    FOR EACH STATEMENT EXECUTE FUNCTION kassa_sales_updated_for_reports();

-- Sales written before this migration, folded by the application like any other.
INSERT INTO report_day_pending (sale_id, location_id, business_date, status, sign)
SELECT id, location_id, business_date, status, 1 FROM sales ORDER BY location_id, business_date, id;
