// The server's sale pricing (dev.kassa.sales.SalePricing) in JavaScript, for the sales a till makes while
// Kassa cannot be reached. The same steps in the same order, every amount an exact decimal:
// 1. a line's gross is unit price x quantity rounded half-up to the currency's minor unit; its own
//    discount (an amount) comes off it, and may not exceed it;
// 2. the sale discount (a percentage of, or an amount off, the lines' net) is spread pro rata over the
//    lines before tax, the largest line (the first of equals) taking the rest of the rounding;
// 3. tax on what remains: excluded, the taxes come on top; included, the taxable value is backed out
//    (amount x 100 / (100 + rate + cess)), the taxes computed from it and the taxable value is the
//    amount less them, so the line total is exactly the price;
// 4. within a state CGST and SGST, each half the rate rounded from the base; between states IGST;
//    cess on top; outside GST one tax. Totals are sums of the rounded line figures.
// ui/test/pricing.test.js runs src/test/resources/pricing-cases.json through this, as the server's
// SharedPricingCasesTests runs it through SalePricing.
import { add, cmp, dec, div, mul, round, signum, str, sub, zero } from './decimal.js';

export class Refused extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

const HUNDRED = dec('100');

function percent(base, rate, scale, halves = false) {
  return div(mul(base, rate), halves ? '200' : HUNDRED, scale);
}

function saleDiscountAmount(discount, netTotal, scale) {
  const value = dec(discount.value);
  if (signum(value) < 0) throw new Refused('discount', 'must not be negative');
  if (discount.percentage) {
    if (cmp(value, HUNDRED) > 0) throw new Refused('discount', 'a percentage must be at most 100');
    return div(mul(netTotal, value), HUNDRED, scale);
  }
  const amount = round(value, scale);
  if (cmp(amount, netTotal) > 0) {
    throw new Refused('discount', `the discount ${str(amount)} exceeds the sale's amount ${str(netTotal)}`);
  }
  return amount;
}

/** Splits amount over the lines in proportion to their net; the largest line takes what rounding leaves. */
export function spread(amount, net, netTotal, scale) {
  if (signum(amount) === 0 || signum(netTotal) === 0) return net.map(() => zero(scale));
  let largest = 0;
  for (let i = 1; i < net.length; i++) if (cmp(net[i], net[largest]) > 0) largest = i;
  const shares = new Array(net.length);
  let given = zero(scale);
  for (let i = 0; i < net.length; i++) {
    if (i === largest) continue;
    shares[i] = div(mul(amount, net[i]), netTotal, scale);
    given = add(given, shares[i]);
  }
  shares[largest] = sub(amount, given);
  return shares;
}

function tax(amount, line, supply, scale) {
  const rate = dec(line.tax_rate);
  const cessRate = dec(line.cess_rate ?? '0');
  const base = line.price_includes_tax ? div(mul(amount, HUNDRED), add(add(HUNDRED, rate), cessRate), scale) : amount;
  let cgst = zero(scale);
  let sgst = zero(scale);
  let igst = zero(scale);
  let other = zero(scale);
  if (supply === 'INTRA_STATE') {
    cgst = percent(base, rate, scale, true);
    sgst = cgst;
  } else if (supply === 'INTER_STATE') {
    igst = percent(base, rate, scale);
  } else {
    other = percent(base, rate, scale);
  }
  const cess = percent(base, cessRate, scale);
  const taxes = add(add(add(add(cgst, sgst), igst), other), cess);
  const taxable = line.price_includes_tax ? sub(amount, taxes) : amount;
  return { taxable, cgst, sgst, igst, cess, tax: taxes };
}

/**
 * Prices lines ({unit_price, quantity, discount, price_includes_tax, tax_rate, cess_rate}, decimals as
 * strings) with an optional sale discount {value, percentage}, for a supply (INTRA_STATE, INTER_STATE,
 * PLAIN) and the currency's scale. Answers every figure as a decimal string; throws Refused.
 */
export function price(lines, saleDiscount, supply, scale) {
  const discount = saleDiscount ?? { value: '0', percentage: false };
  const gross = [];
  const lineDiscount = [];
  const net = [];
  let netTotal = zero(scale);
  lines.forEach((line, i) => {
    gross[i] = round(mul(line.unit_price, line.quantity), scale);
    lineDiscount[i] = round(line.discount ?? '0', scale);
    if (cmp(lineDiscount[i], gross[i]) > 0) {
      throw new Refused(`lines[${i}].discount`, `the discount ${str(lineDiscount[i])} exceeds the line's amount ${str(gross[i])}`);
    }
    net[i] = sub(gross[i], lineDiscount[i]);
    netTotal = add(netTotal, net[i]);
  });
  const saleDiscountValue = saleDiscountAmount(discount, netTotal, scale);
  const shares = spread(saleDiscountValue, net, netTotal, scale);
  const totals = { subtotal: zero(scale), discount_total: zero(scale), taxable: zero(scale), cgst: zero(scale), sgst: zero(scale),
    igst: zero(scale), cess: zero(scale), tax: zero(scale), total: zero(scale) };
  const priced = lines.map((line, i) => {
    const taxed = tax(sub(net[i], shares[i]), line, supply, scale);
    const p = { gross: gross[i], discount: lineDiscount[i], sale_discount: shares[i], ...taxed, total: add(taxed.taxable, taxed.tax) };
    totals.subtotal = add(totals.subtotal, gross[i]);
    totals.discount_total = add(add(totals.discount_total, lineDiscount[i]), shares[i]);
    for (const k of ['taxable', 'cgst', 'sgst', 'igst', 'cess', 'tax', 'total']) totals[k] = add(totals[k], p[k]);
    return p;
  });
  const text = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, str(v)]));
  return { ...text(totals), sale_discount: str(saleDiscountValue), lines: priced.map(text) };
}

/** The currency's minor unit, as the server takes it (java.util.Currency; 2 when unknown). */
export function currencyScale(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}
