// The catalog a till sells from when Kassa cannot be reached: loaded into IndexedDB after sign-in and kept
// up to date from the event stream (topics catalog and customers), followed by live.js. The stream resumes
// after the last seq applied (kept in IndexedDB, so a reload or a restart resumes too). A product event is
// applied by reading the product again (its price, tax rates and barcodes as the server resolves them), a
// tax class event by reading the catalog again; the seq is stored only once the change is in IndexedDB.
import * as api from '../api.js';
import * as live from '../live.js';
import * as db from './db.js';

const SEQ = 'stream.seq';

async function pages(path) {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get(path + (path.includes('?') ? '&' : '?') + 'limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    items.push(...(page.items ?? []));
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return items;
}

/** Reads every active product and the tax classes into IndexedDB, replacing what was there. */
export async function loadProducts() {
  const products = await pages('/api/v1/products?active=true');
  await db.tx('products', 'readwrite', (s) => {
    s.products.clear();
    for (const p of products) s.products.put(p);
  });
  try {
    await db.kv.set('taxClasses', await pages('/api/v1/tax-classes'));
  } catch {
    // the products carry their resolved rates; the classes are for showing only
  }
  await db.kv.set('catalog.loadedAt', new Date().toISOString());
  return products.length;
}

export async function applyProduct(id) {
  try {
    const p = await api.get('/api/v1/products/' + encodeURIComponent(id));
    if (p.active) await db.put('products', p);
    else await db.remove('products', id);
  } catch (e) {
    if (e?.status === 404) await db.remove('products', id);
    else throw e;
  }
}

/** A customer the till found, created or heard of, kept for finding by phone offline. */
export function keepCustomer(c) {
  if (!c?.id) return Promise.resolve();
  return db.put('customers', { id: c.id, name: c.name, phone: c.phone ?? null, state_code: c.state_code ?? null, seen: Date.now() });
}

async function apply(event) {
  const type = event.aggregate_type;
  if (type === 'product') await applyProduct(event.aggregate_id);
  else if (type === 'tax_class') await loadProducts();
  else if (type === 'customer' && event.payload?.id) await keepCustomer(event.payload);
}

export async function productByBarcode(code) {
  const found = await db.all('products', 'barcode', code);
  return found[0] ?? null;
}

export async function searchProducts(text, limit = 8) {
  const fold = (s) => String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const q = fold(text.trim());
  const all = await db.all('products');
  return all.filter((p) => fold(p.name).includes(q) || fold(p.sku) === q).slice(0, limit);
}

export async function favourites(limit = 12) {
  return (await db.all('products')).sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit);
}

export async function customersByPhone(prefix) {
  const all = await db.all('customers');
  return all.filter((c) => (c.phone ?? '').startsWith(prefix)).slice(0, 5);
}

/**
 * Follows the stream (live.js) from the stored seq; the catalog is loaded first when it never was. Answers a
 * stop function. onState gets 'connecting', 'live' or 'offline'.
 */
export function follow(onState = () => {}) {
  const stream = live.follow({
    topics: ['catalog', 'customers'],
    onState,
    // nothing applied yet: the snapshot is read after subscribing, so no change between is missed
    resumeFrom: () => db.kv.get(SEQ),
    onResync: async (after, resumed) => {
      if (resumed) return;
      await loadProducts();
      if (typeof after === 'number') await db.kv.set(SEQ, after);
    },
    onEvent: async (event, seq) => {
      if (!event || seq === null) return;
      const stored = await db.kv.get(SEQ);
      if (stored != null && seq <= stored) return;
      await apply(event);
      await db.kv.set(SEQ, seq);
    },
  });
  return () => stream.stop();
}
