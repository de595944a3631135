-- A report of a location's business day (or days) reads this index alone: it carries every figure the
-- summary sums, so the day's sales are found and summed without visiting the heap where the visibility
-- map allows (and with one index probe per location and day where it does not). It repeats the key of
-- sales_by_location_day, which is dropped so that a sale still updates one index for this key, not two.
CREATE INDEX sales_day_figures ON sales (location_id, business_date)
    INCLUDE (status, subtotal, discount_total, taxable, tax_total, total, cashier_id, created_at);
DROP INDEX sales_by_location_day;
