// Pricing a cart and completing a sale on the till itself, when Kassa cannot be reached: the products come
// from the offline catalog (IndexedDB), the figures from pricing.js (the server's rules), the number from
// the terminal's reserved block; the sale goes into the outbox with its Idempotency-Key, number and
// made_at, and a receipt is answered at once in the shape of the server's sale.
import { Problem } from '../problems.js';
import { t } from '../messages.js';
import { unitDecimals } from '../format.js';
import * as db from './db.js';
import { add as plus, cmp, decimals, dec, str, sub, zero } from './decimal.js';
import { price, currencyScale, Refused } from './pricing.js';
import * as numbers from './numbers.js';
import * as outbox from './outbox.js';

/** Whether an error means "Kassa did not answer" (no connection, or 502/503/504 from in between). */
export function unreachable(err) {
  return err instanceof TypeError || (err instanceof Problem && [502, 503, 504].includes(err.status));
}

function refusal(code, detail, field) {
  return new Problem(422, { code, detail, errors: field ? [{ field, message: detail }] : [] });
}

/** Prices a quote request ({location_id, lines, discount?}) as the server would; answers its figures. */
export async function quote(request, org) {
  const currency = org?.currency ?? 'INR';
  const scale = currencyScale(currency);
  const supply = org?.country === 'IN' || !org ? 'INTRA_STATE' : 'PLAIN';
  const lines = [];
  const products = [];
  for (const [i, line] of request.lines.entries()) {
    const p = await db.get('products', line.product_id);
    if (!p) throw refusal('offline_unknown_product', t('offline.notInCatalog'), `lines[${i}].product_id`);
    if (decimals(line.quantity) > unitDecimals(p.unit)) {
      throw refusal('validation_failed', t('offline.badQuantity', { n: i + 1 }), `lines[${i}].quantity`);
    }
    products.push(p);
    lines.push({ unit_price: String(line.unit_price ?? p.price), quantity: String(line.quantity), discount: String(line.discount ?? '0'),
      price_includes_tax: !!p.price_includes_tax, tax_rate: String(p.tax_rate), cess_rate: String(p.cess_rate ?? '0') });
  }
  let priced;
  try {
    priced = price(lines, request.discount != null ? { value: String(request.discount), percentage: !!request.is_percentage_discount } : null, supply, scale);
  } catch (e) {
    if (e instanceof Refused) throw refusal('discount_too_large', `${e.field}: ${e.message}`, e.field);
    throw e;
  }
  return {
    offline: true, currency, supply, location_id: request.location_id,
    subtotal: priced.subtotal, sale_discount: priced.sale_discount, discount_total: priced.discount_total, taxable: priced.taxable,
    cgst: priced.cgst, sgst: priced.sgst, igst: priced.igst, cess: priced.cess, tax_total: priced.tax, total: priced.total,
    lines: priced.lines.map((l, i) => ({ ...l, product_id: products[i].id, sku: products[i].sku, name: products[i].name,
      quantity: lines[i].quantity, unit_price: lines[i].unit_price, line_no: i + 1 })),
  };
}

/**
 * Completes the sale offline: body is what would have been posted (location, terminal, customer, lines,
 * payments), key its Idempotency-Key. Answers a receipt in the shape of the server's sale.
 */
export async function sell({ body, key, org, cashier }) {
  const priced = await quote(body, org);
  const taken = await numbers.take(body.terminal_id);
  if (!taken) throw refusal('offline_no_number', t('offline.noNumbers'));
  const madeAt = new Date().toISOString();
  // the sale is recorded at the price charged here, even when the catalog changed on Kassa meanwhile
  const lines = body.lines.map((l, i) => ({ ...l, unit_price: priced.lines[i].unit_price }));
  const sale = { ...body, lines, total: priced.total, number: taken.number, made_at: madeAt };
  let change = zero(currencyScale(priced.currency));
  for (const p of sale.payments) if (p.tendered != null) change = plus(change, sub(dec(String(p.tendered)), dec(String(p.amount))));
  const receipt = {
    id: null, offline: true, number: taken.number, created_at: madeAt, currency: priced.currency,
    customer_id: body.customer_id ?? null, lines: priced.lines, subtotal: priced.subtotal, discount_total: priced.discount_total,
    cgst: priced.cgst, sgst: priced.sgst, igst: priced.igst, cess: priced.cess, tax_total: priced.tax_total, total: priced.total,
    payments: sale.payments, change_due: cmp(change, '0') > 0 ? str(change) : '0',
  };
  await outbox.add({ key, number: taken.number, block_id: taken.block_id, made_at: madeAt, body: sale, receipt, cashier: cashier ?? null });
  numbers.topUp(body.terminal_id).catch(() => null);
  return receipt;
}
