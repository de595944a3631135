// The server's problem documents (RFC 9457) turned into a sentence a cashier understands.
import { t } from './messages.js';

export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? null;
    this.detail = body?.detail ?? null;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
    this.requestId = body?.request_id ?? null;
    this.retryAfter = body?.retry_after_seconds ?? null;
    this.shortages = Array.isArray(body?.shortages) ? body.shortages : [];
    // a password that was right for a user with two-step sign-in: the token of the second step (the code)
    this.challengeToken = body?.challenge_token ?? null;
  }
}

/**
 * One sentence for the cashier; fieldNames maps API field names to the labels on screen, productNames
 * product ids to the names in the cart.
 */
export function explain(error, fieldNames = {}, productNames = {}) {
  if (!(error instanceof Problem)) {
    return t('sale.offline');
  }
  if (error.status >= 500) {
    return t('err.unexpected', { id: error.requestId ?? '?' });
  }
  if (error.code === 'insufficient_stock') {
    const items = error.shortages.map((x) => t('err.shortItem', {
      name: productNames[x.product_id] ?? x.product_id, requested: Number(x.requested), available: Number(x.available),
    }));
    return t('err.short', { detail: items.length ? items.join('; ') : error.detail });
  }
  if (error.status === 403) {
    return t('err.forbidden', { detail: error.detail });
  }
  const fields = error.errors
    .map((e) => `${label(e.field, fieldNames)} ${e.message}`)
    .filter((s) => s.trim());
  const detail = fields.length && error.code === 'validation_failed' ? fields.join('; ') : error.detail;
  return t('err.server', { detail: detail || error.code });
}

function label(field, names) {
  if (!field) return '';
  if (names[field]) return names[field];
  const line = /^lines\[(\d+)\]\.(\w+)$/.exec(field);
  if (line) {
    const what = { quantity: 'quantity', unit_price: 'price', discount: 'discount', product_id: 'product' }[line[2]] ?? line[2];
    return `Line ${Number(line[1]) + 1} ${what}:`;
  }
  return `${field}:`;
}
