// The catalog screens' own logic, kept free of the page so that node tests it: the category tree in reading
// order, the product form's checks as the API makes them (Catalog.ProductInput), the body it sends, and how
// far an import got.
import { parseDecimal } from '../format.js';

export const UNITS = ['PIECE', 'KG', 'G', 'L', 'ML', 'M'];
const VISIBLE = /^[\x21-\x7e]+$/;
export const MAX_BARCODES = 20;

/**
 * The categories as a tree in reading order: each with its depth and its path of names ("Drinks / Tea"),
 * siblings by name. A category whose parent is not among them is put at the top, so none is lost.
 */
export function categoryTree(categories) {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const children = new Map();
  for (const c of categories) {
    const parent = c.parent_id && byId.has(c.parent_id) ? c.parent_id : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(c);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const out = [];
  const seen = new Set();
  const walk = (parent, depth, path) => {
    for (const c of children.get(parent) ?? []) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      const names = [...path, c.name];
      out.push({ ...c, depth, path: names.join(' / ') });
      walk(c.id, depth + 1, names);
    }
  };
  walk(null, 0, []);
  return out;
}

/** The ids of a category and every category below it: where it may not be moved. */
export function within(categories, id) {
  const found = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of categories) {
      if (c.parent_id && found.has(c.parent_id) && !found.has(c.id)) {
        found.add(c.id);
        grew = true;
      }
    }
  }
  return found;
}

/** A price typed by a person: at least 0, at most 2 decimals and 10 digits before the point. */
export function checkPrice(text) {
  const p = parseDecimal(text, { decimals: 2, allowZero: true, max: 1e10 });
  return p.error ? { error: p.error, n: p.n } : { value: Number(p.value).toFixed(2) };
}

/** A signed percent for a bulk price change: not zero, at most 4 decimals, from -100 to 100,000. */
export function checkPercent(text) {
  const s = String(text ?? '').trim();
  const negative = s.startsWith('-');
  const p = parseDecimal(negative ? s.slice(1) : s.replace(/^\+/, ''), { decimals: 4, allowZero: false, max: 100000.0001 });
  if (p.error) return { error: p.error, n: p.n };
  if (negative && Number(p.value) > 100) return { error: 'catalog.percentBelow' };
  return { value: (negative ? '-' : '') + p.value };
}

/** A SKU or a barcode: visible ASCII without spaces, 1 to 64 characters. Answers a message key or null. */
export function checkCode(text) {
  const s = String(text ?? '').trim();
  if (!s) return 'err.required';
  if (s.length > 64) return 'catalog.codeTooLong';
  if (!VISIBLE.test(s)) return 'catalog.codeShape';
  return null;
}

/** The barcodes typed, one per field: blank ones dropped; per index the message key of a wrong one. */
export function checkBarcodes(list) {
  const codes = [];
  const errors = {};
  const seen = new Map();
  list.forEach((raw, i) => {
    const s = String(raw ?? '').trim();
    if (!s) return;
    const bad = checkCode(s);
    if (bad) errors[i] = bad;
    else if (seen.has(s)) errors[i] = 'catalog.barcodeRepeated';
    else seen.set(s, i);
    codes.push(s);
  });
  if (codes.length > MAX_BARCODES) errors.count = 'catalog.tooManyBarcodes';
  return { codes, errors };
}

/** The body of POST/PUT /api/v1/products from the form's (already checked) values. */
export function productBody(form, barcodes) {
  return {
    sku: form.sku.trim(),
    name: form.name.trim(),
    description: form.description.trim() || null,
    category_id: form.categoryId || null,
    unit: form.unit,
    price: checkPrice(form.price).value,
    price_includes_tax: !!form.priceIncludesTax,
    tax_class_id: form.taxClassId,
    hsn_code: form.hsnCode.trim() || null,
    track_stock: !!form.trackStock,
    allow_negative_stock: !!form.allowNegativeStock,
    barcodes,
  };
}

/** The form's values of a product (an empty one for a new product). */
export function productForm(p = {}) {
  return {
    sku: p.sku ?? '',
    name: p.name ?? '',
    description: p.description ?? '',
    categoryId: p.category_id ?? '',
    unit: p.unit ?? 'PIECE',
    price: p.price !== undefined && p.price !== null ? Number(p.price).toFixed(2) : '',
    priceIncludesTax: p.price_includes_tax ?? true,
    taxClassId: p.tax_class_id ?? '',
    hsnCode: p.hsn_code ?? '',
    trackStock: p.track_stock ?? true,
    allowNegativeStock: p.allow_negative_stock ?? false,
    active: p.active ?? true,
    barcodes: p.barcodes?.length ? [...p.barcodes] : [''],
  };
}

/**
 * How far an import got, from the job's bytes (done/total, from the stream or GET /api/v1/jobs/{id}) and the
 * import's status: {value, max, percent, finished}. A finished import is at the end whatever the job said.
 */
export function importProgress(imp, job) {
  const finished = imp?.status === 'COMPLETED' || imp?.status === 'FAILED';
  const max = Math.max(1, Number(job?.total ?? imp?.file_size ?? 0) || 1);
  const done = finished ? max : Math.min(max, Math.max(0, Number(job?.done ?? 0)));
  return { value: done, max, percent: Math.floor((done * 100) / max), finished };
}

/** Whether an event of the stream concerns this import: its own events, or its job's progress. */
export function concernsImport(event, imp) {
  if (!event || !imp) return false;
  if (event.aggregate_type === 'product_import') return event.aggregate_id === imp.id;
  if (event.aggregate_type === 'job') return !!imp.job_id && event.aggregate_id === imp.job_id;
  return false;
}
