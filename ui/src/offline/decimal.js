// Exact decimals for the till's own pricing: a BigInt of minor digits and a scale (value = n / 10^s), the
// way java.math.BigDecimal holds them, so that offline figures are the server's to the last digit. Only
// what the pricing needs: parse, add, subtract, multiply, compare, and rounding half-up (away from zero on
// a tie) of a sum or an exact quotient to a scale. Never a float.

const TEN = 10n;

function pow10(s) {
  return TEN ** BigInt(s);
}

/** A decimal from a string ("12.50", "-3", "1e2" is refused) or a number given as its exact text. */
export function dec(value) {
  if (typeof value === 'object' && value !== null && typeof value.n === 'bigint') return value;
  const text = String(value ?? '0').trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError('not a decimal: ' + text);
  const fraction = m[3] ?? '';
  const n = BigInt((m[2] || '0') + fraction);
  return { n: m[1] === '-' ? -n : n, s: fraction.length };
}

function align(a, b) {
  const s = Math.max(a.s, b.s);
  return [a.n * pow10(s - a.s), b.n * pow10(s - b.s), s];
}

export function add(a, b) {
  const [x, y, s] = align(dec(a), dec(b));
  return { n: x + y, s };
}

export function sub(a, b) {
  const [x, y, s] = align(dec(a), dec(b));
  return { n: x - y, s };
}

export function mul(a, b) {
  a = dec(a);
  b = dec(b);
  return { n: a.n * b.n, s: a.s + b.s };
}

export function cmp(a, b) {
  const [x, y] = align(dec(a), dec(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function signum(a) {
  a = dec(a);
  return a.n < 0n ? -1 : a.n > 0n ? 1 : 0;
}

/** num / den rounded half-up, for BigInts. */
function quotientHalfUp(num, den) {
  if (den === 0n) throw new RangeError('division by zero');
  const negative = (num < 0n) !== (den < 0n);
  const p = num < 0n ? -num : num;
  const q = den < 0n ? -den : den;
  let r = p / q;
  if ((p % q) * 2n >= q) r += 1n;
  return negative ? -r : r;
}

/** a / b, exactly, rounded half-up to the scale (BigDecimal.divide(b, scale, HALF_UP)). */
export function div(a, b, scale) {
  a = dec(a);
  b = dec(b);
  // a.n/10^a.s / (b.n/10^b.s) * 10^scale
  const num = a.n * pow10(b.s + scale);
  const den = b.n * pow10(a.s);
  return { n: quotientHalfUp(num, den), s: scale };
}

/** Rounded half-up to the scale (BigDecimal.setScale(scale, HALF_UP)). */
export function round(a, scale) {
  a = dec(a);
  if (a.s <= scale) return { n: a.n * pow10(scale - a.s), s: scale };
  return { n: quotientHalfUp(a.n, pow10(a.s - scale)), s: scale };
}

export function zero(scale) {
  return { n: 0n, s: scale };
}

/** The plain text, as BigDecimal.toPlainString(): "0.50", "-3", "366". */
export function str(a) {
  a = dec(a);
  const negative = a.n < 0n;
  let digits = (negative ? -a.n : a.n).toString();
  if (a.s > 0) {
    digits = digits.padStart(a.s + 1, '0');
    digits = digits.slice(0, digits.length - a.s) + '.' + digits.slice(digits.length - a.s);
  }
  return (negative ? '-' : '') + digits;
}

/** Digits after the point once trailing zeros are dropped (BigDecimal.stripTrailingZeros().scale(), at least 0). */
export function decimals(a) {
  a = dec(a);
  if (a.n === 0n) return 0;
  let { n, s } = a;
  while (s > 0 && n % TEN === 0n) {
    n /= TEN;
    s -= 1;
  }
  return s;
}
