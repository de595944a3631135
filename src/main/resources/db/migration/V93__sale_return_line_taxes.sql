-- A return line's tax split as its sold line was (CGST, SGST, IGST, cess), so that a credit note shows its
-- parts and the returns of a line give back exactly the tax it was sold with: the Z report and the GST
-- summary read them instead of splitting again. Lines written before: split now, the largest part of the
-- sold line taking what the rounding left over.
ALTER TABLE sale_return_lines
    ADD COLUMN cgst numeric NOT NULL DEFAULT 0,
    ADD COLUMN sgst numeric NOT NULL DEFAULT 0,
    ADD COLUMN igst numeric NOT NULL DEFAULT 0,
    ADD COLUMN cess numeric NOT NULL DEFAULT 0;

-- the table requires an event in the transaction of every change; this is a schema change, not a business one
ALTER TABLE sale_return_lines DISABLE TRIGGER sale_return_lines_require_event;
UPDATE sale_return_lines r
   SET cgst = round(l.cgst * r.quantity / l.quantity, scale(l.total)),
       sgst = round(l.sgst * r.quantity / l.quantity, scale(l.total)),
       igst = round(l.igst * r.quantity / l.quantity, scale(l.total)),
       cess = round(l.cess * r.quantity / l.quantity, scale(l.total))
  FROM sale_lines l WHERE l.id = r.sale_line_id;
UPDATE sale_return_lines r
   SET cgst = r.cgst + CASE WHEN l.cgst >= greatest(l.sgst, l.igst, l.cess) THEN r.tax_total - r.cgst - r.sgst - r.igst - r.cess ELSE 0 END,
       sgst = r.sgst + CASE WHEN l.sgst > l.cgst AND l.sgst >= greatest(l.igst, l.cess) THEN r.tax_total - r.cgst - r.sgst - r.igst - r.cess ELSE 0 END,
       igst = r.igst + CASE WHEN l.igst > greatest(l.cgst, l.sgst) AND l.igst >= l.cess THEN r.tax_total - r.cgst - r.sgst - r.igst - r.cess ELSE 0 END,
       cess = r.cess + CASE WHEN l.cess > greatest(l.cgst, l.sgst, l.igst) THEN r.tax_total - r.cgst - r.sgst - r.igst - r.cess ELSE 0 END
  FROM sale_lines l WHERE l.id = r.sale_line_id AND r.tax_total <> r.cgst + r.sgst + r.igst + r.cess;
ALTER TABLE sale_return_lines ENABLE TRIGGER sale_return_lines_require_event;

ALTER TABLE sale_return_lines ALTER COLUMN cgst DROP DEFAULT, ALTER COLUMN sgst DROP DEFAULT,
    ALTER COLUMN igst DROP DEFAULT, ALTER COLUMN cess DROP DEFAULT,
    ADD CONSTRAINT sale_return_lines_tax_parts CHECK (cgst + sgst + igst + cess = tax_total);
