// The cart as the till keeps it: products and what the cashier asked for (quantity, price override,
// line discount, customer). It holds no totals: those are the server's quote, stored beside it.

export function emptyCart() {
  return { id: newKey(), lines: [], customer: null, createdAt: new Date().toISOString() };
}

export function newKey() {
  return globalThis.crypto?.randomUUID ? globalThis.crypto.randomUUID()
    : 'k' + Date.now().toString(36) + Math.random().toString(36).slice(2);
}

function productView(p) {
  return { id: p.id, sku: p.sku, name: p.name, unit: p.unit, price: p.price, barcodes: p.barcodes ?? [] };
}

/** Adds one (or qty) of the product: onto its last line when that line has no override or discount. */
export function addProduct(cart, product, qty = '1') {
  const last = cart.lines[cart.lines.length - 1];
  if (last && last.product.id === product.id && last.unitPrice == null && last.discount == null) {
    return setQuantity(cart, cart.lines.length - 1, String(Number(last.quantity) + Number(qty)));
  }
  const line = { key: newKey(), product: productView(product), quantity: String(Number(qty)), unitPrice: null, discount: null };
  return { ...cart, lines: [...cart.lines, line] };
}

export function setQuantity(cart, index, quantity) {
  return updateLine(cart, index, { quantity: String(Number(quantity)) });
}

export function changeQuantity(cart, index, delta) {
  const line = cart.lines[index];
  if (!line) return cart;
  const next = Number(line.quantity) + delta;
  if (next <= 0) return removeLine(cart, index);
  return setQuantity(cart, index, String(Math.round(next * 1000) / 1000));
}

export function updateLine(cart, index, changes) {
  if (!cart.lines[index]) return cart;
  return { ...cart, lines: cart.lines.map((l, i) => (i === index ? { ...l, ...changes } : l)) };
}

export function removeLine(cart, index) {
  return { ...cart, lines: cart.lines.filter((_, i) => i !== index) };
}

/** The cart with a product's lines showing it as read again (its price changed): Kassa prices it again. */
export function withProduct(cart, product) {
  if (!cart.lines.some((l) => l.product.id === product.id)) return cart;
  return { ...cart, prices: (cart.prices ?? 0) + 1, lines: cart.lines.map((l) => (l.product.id === product.id ? { ...l, product } : l)) };
}

export function withCustomer(cart, customer) {
  return { ...cart, customer: customer ? { id: customer.id, name: customer.name, phone: customer.phone } : null };
}

/** The lines as the sales API reads them. */
export function requestLines(cart) {
  return cart.lines.map((l) => {
    const line = { product_id: l.product.id, quantity: l.quantity };
    if (l.unitPrice != null) line.unit_price = l.unitPrice;
    if (l.discount != null) line.discount = l.discount;
    return line;
  });
}

/** What the quote endpoint is asked: changes exactly when the server's figures could change. */
export function quoteRequest(cart, locationId) {
  return { location_id: locationId, lines: requestLines(cart) };
}

/**
 * Payments for the sale: the cash payment's amount is capped at what is still due after the other
 * payments, and what was handed over beyond it is sent as tendered so the server computes the change.
 */
export function salePayments(payments, total) {
  const cents = (x) => Math.round(Number(x) * 100);
  const due = cents(total);
  const others = payments.filter((p) => p.method !== 'CASH').reduce((s, p) => s + cents(p.amount), 0);
  const result = [];
  for (const p of payments) {
    if (p.method === 'CASH') {
      const given = cents(p.amount);
      const amount = Math.max(0, Math.min(given, due - others - result.filter((r) => r.method === 'CASH').reduce((s, r) => s + cents(r.amount), 0)));
      const out = { method: 'CASH', amount: (amount / 100).toFixed(2) };
      if (given > amount) out.tendered = (given / 100).toFixed(2);
      result.push(out);
    } else {
      const out = { method: p.method, amount: (cents(p.amount) / 100).toFixed(2) };
      if (p.reference) out.reference = p.reference;
      result.push(out);
    }
  }
  return result;
}

/** What the payments leave: {remaining, change} in minor units turned back to decimals (2 places). */
export function tenderState(payments, total) {
  const cents = (x) => Math.round(Number(x) * 100);
  const due = cents(total);
  const paid = payments.reduce((s, p) => s + cents(p.amount), 0);
  const nonCash = payments.filter((p) => p.method !== 'CASH').reduce((s, p) => s + cents(p.amount), 0);
  const remaining = Math.max(0, due - paid);
  const change = paid > due ? paid - due : 0;
  return {
    paid: (paid / 100).toFixed(2),
    remaining: (remaining / 100).toFixed(2),
    change: (change / 100).toFixed(2),
    complete: paid >= due && nonCash <= due,
    nonCashOver: nonCash > due,
  };
}
