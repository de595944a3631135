// What the till keeps in IndexedDB to sell without Kassa: the catalog (products with their barcodes and
// resolved tax rates, tax classes), recent customers, settings (the terminal, the organization, the
// stream's last seq), the terminal's reserved number blocks and the outbox of sales waiting to be sent.
// Plain IndexedDB behind a few promises; every change that must not be lost or done twice (taking a
// block number, queueing a sale) is one readwrite transaction, which IndexedDB serialises across tabs.
const NAME = 'kassa-till';
const VERSION = 1;
let opening = null;

export function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('kv');
        const products = db.createObjectStore('products', { keyPath: 'id' });
        products.createIndex('barcode', 'barcodes', { multiEntry: true });
        products.createIndex('sku', 'sku');
        const customers = db.createObjectStore('customers', { keyPath: 'id' });
        customers.createIndex('phone', 'phone');
        const outbox = db.createObjectStore('outbox', { keyPath: 'order', autoIncrement: true });
        outbox.createIndex('key', 'key', { unique: true });
      };
      request.onsuccess = () => {
        const db = request.result;
        // another tab with a newer version of the till asks to upgrade: let it
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      request.onerror = () => {
        opening = null;
        reject(request.error);
      };
    });
  }
  return opening;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Runs work(stores) in one transaction over the named stores and answers its result once committed.
 * work may only use IndexedDB requests (awaiting anything else would end the transaction).
 */
export async function tx(names, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(names, mode);
    const stores = Object.fromEntries([].concat(names).map((n) => [n, t.objectStore(n)]));
    let result;
    Promise.resolve(work(stores, done)).then((r) => {
      result = r;
    }, (e) => {
      try { t.abort(); } catch { /* already finished */ }
      reject(e);
    });
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('aborted'));
  });
}

export const kv = {
  get: (key) => tx('kv', 'readonly', (s) => done(s.kv.get(key))),
  set: (key, value) => tx('kv', 'readwrite', (s) => { s.kv.put(value, key); }),
};

export function all(store, index, query) {
  return tx(store, 'readonly', (s) => done(index ? s[store].index(index).getAll(query) : s[store].getAll()));
}

export function get(store, key) {
  return tx(store, 'readonly', (s) => done(s[store].get(key)));
}

export function put(store, values) {
  return tx(store, 'readwrite', (s) => {
    for (const v of [].concat(values)) s[store].put(v);
  });
}

export function remove(store, key) {
  return tx(store, 'readwrite', (s) => { s[store].delete(key); });
}

export async function count(store) {
  return tx(store, 'readonly', (s) => done(s[store].count()));
}
