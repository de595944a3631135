// Product names for screens whose rows carry only a product id (stock levels, ledgers), read once per id
// and kept for the page's life; a product renamed meanwhile shows its new name after a reload.
import * as api from '../api.js';

const known = new Map();

/** {id: product} for the ids, reading the ones not seen yet (a few at a time). */
export async function productNames(ids) {
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  for (let i = 0; i < missing.length; i += 8) {
    await Promise.all(missing.slice(i, i + 8).map((id) => api.get('/api/v1/products/' + encodeURIComponent(id))
      .then((p) => known.set(id, p), () => null)));
  }
  return Object.fromEntries(ids.map((id) => [id, known.get(id)]));
}

export function remember(product) {
  known.set(product.id, product);
}
