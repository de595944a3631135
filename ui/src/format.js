// Money and quantities as a cashier reads them: the organization's currency with its locale's grouping
// (en-IN groups by lakh: ₹1,23,456.00). Amounts arrive from the server as JSON numbers or strings.
const formatters = new Map();

export function money(amount, currency = 'INR', locale = 'en-IN') {
  if (amount === null || amount === undefined || amount === '') return '';
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, f);
  }
  return f.format(Number(amount));
}

export function quantity(q, locale = 'en-IN') {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(Number(q));
}

/**
 * Reads a decimal typed by a person ("1", "0.250", "1,5" in a comma locale is not accepted: the dot only).
 * Answers {value: string} with the canonical text, or {error: message key, n} naming what is wrong.
 */
export function parseDecimal(text, { decimals = 3, allowZero = false, max = 1e10, required = true } = {}) {
  const s = String(text ?? '').trim();
  if (s === '') return required ? { error: 'err.required' } : { value: null };
  if (!/^-?\d*(\.\d*)?$/.test(s) || s === '.' || s === '-' ) return { error: 'err.number' };
  const n = Number(s);
  if (!Number.isFinite(n)) return { error: 'err.number' };
  if (n < 0) return { error: 'err.notNegative' };
  if (n === 0 && !allowZero) return { error: 'err.positive' };
  const frac = s.includes('.') ? s.split('.')[1].replace(/0+$/, '').length : 0;
  if (frac > decimals) return decimals === 0 ? { error: 'err.whole' } : { error: 'err.decimals', n: decimals };
  if (n >= max) return { error: 'err.tooBig' };
  return { value: String(n) };
}

/** Decimals a unit allows (the catalog's units: PIECE whole; KG, G, L, ML, M to 3). */
export function unitDecimals(unit) {
  return unit === 'PIECE' ? 0 : 3;
}

export function dateTime(iso, timeZone, locale = 'en-IN') {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString(locale);
  }
}
