// A location's business day as instants, and exact sums of the server's amounts, for the panels that read
// per-session rows (till reports): money is added in integer ten-thousandths, never in binary floats.

function offsetMs(timeZone, date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(date.getTime() / 1000) * 1000;
}

/** The instant a local day (YYYY-MM-DD) starts in a time zone, as ISO-8601 in UTC. */
export function startOfDay(day, timeZone) {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let off = offsetMs(timeZone, new Date(wall));
  const again = offsetMs(timeZone, new Date(wall - off));
  if (again !== off) off = again;
  return new Date(wall - off).toISOString();
}

/** The day after a local day (YYYY-MM-DD). */
export function nextDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** {from, to} instants of a local day in a time zone, for the endpoints that filter on instants. */
export function dayBounds(day, timeZone) {
  return { from: startOfDay(day, timeZone), to: startOfDay(nextDay(day), timeZone) };
}

const SCALE = 4;

function units(amount) {
  const s = String(amount ?? 0);
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new RangeError('not a decimal: ' + s);
  const negative = s.startsWith('-');
  const [whole, frac = ''] = (negative ? s.slice(1) : s).split('.');
  const n = BigInt(whole) * 10n ** BigInt(SCALE) + BigInt((frac + '0'.repeat(SCALE)).slice(0, SCALE));
  return negative ? -n : n;
}

/** The exact sum of decimal amounts (JSON numbers or strings) as a decimal string. */
export function sum(amounts) {
  const total = amounts.reduce((a, x) => a + units(x), 0n);
  const negative = total < 0n;
  const abs = (negative ? -total : total).toString().padStart(SCALE + 1, '0');
  const text = abs.slice(0, -SCALE) + '.' + abs.slice(-SCALE);
  return (negative ? '-' : '') + text.replace(/\.?0+$/, '');
}
