-- A sale's terminal was free text. The text stays readable as terminal_label; terminal_id now references
-- a terminal, so that every new sale at a terminal names a real one.
ALTER TABLE sales RENAME COLUMN terminal_id TO terminal_label;
ALTER TABLE sales ADD COLUMN terminal_id uuid REFERENCES terminals (id);
CREATE INDEX sales_by_terminal ON sales (terminal_id, id) WHERE terminal_id IS NOT NULL;
