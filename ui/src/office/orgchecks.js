// The checks the organization's forms make before they send, each as the server makes it
// (OrganizationService, Gstin, BankCodes, FinancialYears, SeriesFormat), so that a typing slip is said at the
// field at once; the server still checks everything. Each answers a message key (and its values) or null.

const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const GSTIN = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;
const GST_STATES = new Set([...Array.from({ length: 38 }, (_, i) => String(i + 1).padStart(2, '0')), '97']);
const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const IBAN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Spaces removed, letters in capitals: what the server keeps of a typed GSTIN, IBAN or tax id. */
export const normalized = (text) => String(text ?? '').trim().replace(/ /g, '').toUpperCase();

/** The GSTIN's check character: base 36, weights 1 and 2 alternating, the two digits of each product summed. */
export function gstinCheck(first14) {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const product = CHARS.indexOf(first14[i]) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return CHARS[(36 - (sum % 36)) % 36];
}

/** Why a GSTIN (normalized) is not valid, as Gstin.problem says it; null when it is. */
export function gstinProblem(gstin) {
  if (gstin.length !== 15) return { key: 'org.gstinLength' };
  if (!GSTIN.test(gstin)) return { key: 'org.gstinShape' };
  if (!GST_STATES.has(gstin.slice(0, 2))) return { key: 'org.gstinState', values: { code: gstin.slice(0, 2) } };
  if (gstinCheck(gstin) !== gstin[14]) return { key: 'org.gstinCheck' };
  return null;
}

/** A tax number of a country other than India: 2 to 40 letters, digits, '.', '/' or '-'. */
export const taxIdProblem = (number) => (/^[A-Z0-9][A-Z0-9./-]{1,39}$/.test(number) ? null : { key: 'org.badTaxId' });

export const countryProblem = (code) => (/^[A-Za-z]{2}$/.test(code.trim()) ? null : { key: 'org.badCountry' });

export const currencyProblem = (code) => (/^[A-Za-z]{3}$/.test(code.trim()) ? null : { key: 'org.badCurrency' });

export function knownZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A bank account's codes, as the server checks them: either an IFSC with an account number of 9 to 18 digits,
 * or an IBAN with its mod-97 check digits. Answers {field: {key, values}} for the fields that are wrong.
 */
export function bankProblems({ ifsc, iban, account_number: number }) {
  const found = {};
  const i = ifsc.trim().toUpperCase();
  const b = normalized(iban);
  const n = number.trim();
  if (!i && !b) found.ifsc = { key: 'bank.eitherOr' };
  else if (i && b) found.iban = { key: 'bank.eitherOr' };
  else if (i) {
    if (!IFSC.test(i)) found.ifsc = { key: 'bank.badIfsc' };
    if (!n) found.account_number = { key: 'bank.numberWithIfsc' };
    else if (!/^[0-9]{9,18}$/.test(n)) found.account_number = { key: 'bank.badNumber' };
  } else {
    if (!IBAN.test(b)) found.iban = { key: 'bank.badIban' };
    else if (!ibanChecks(b)) found.iban = { key: 'bank.ibanCheck' };
    if (n && !/^[A-Za-z0-9]{1,34}$/.test(n)) found.account_number = { key: 'bank.badForeignNumber' };
  }
  return found;
}

/** ISO 13616: the first four characters moved to the end, letters as 10 to 35, the number mod 97 is 1. */
export function ibanChecks(iban) {
  const digits = [...(iban.slice(4) + iban.slice(0, 4))].map((c) => CHARS.indexOf(c)).join('');
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

/** A date typed as YYYY-MM-DD that exists on the calendar. */
export function validDate(text) {
  if (!DATE.test(text)) return false;
  const d = new Date(text + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The code a year gets when none is typed: 2627 for 2026-04-01 to 2027-03-31, 2026 for a calendar year. */
export function defaultYearCode(startsOn, endsOn) {
  const a = startsOn.slice(0, 4);
  const b = endsOn.slice(0, 4);
  return a === b ? a : a.slice(2) + b.slice(2);
}

/**
 * A new financial year's fields, as the server checks them: both dates, the end not before the start and
 * less than 18 months after it, a code of 2 to 8 capitals or digits, no overlap with the years listed.
 */
export function yearProblems({ starts_on: startsOn, ends_on: endsOn, code }, years = []) {
  const found = {};
  if (!startsOn) found.starts_on = { key: 'err.required' };
  else if (!validDate(startsOn)) found.starts_on = { key: 'year.badDate' };
  if (!endsOn) found.ends_on = { key: 'err.required' };
  else if (!validDate(endsOn)) found.ends_on = { key: 'year.badDate' };
  if (found.starts_on || found.ends_on) return found;
  if (endsOn < startsOn) found.ends_on = { key: 'year.reversed' };
  else if (endsOn >= plusMonths(startsOn, 18)) found.ends_on = { key: 'year.tooLong' };
  const c = code.trim();
  if (c && !/^[A-Z0-9]{2,8}$/.test(c)) found.code = { key: 'year.badCode' };
  if (!found.ends_on) {
    const other = years.find((y) => y.starts_on <= endsOn && startsOn <= y.ends_on);
    if (other) found.starts_on = { key: 'year.overlaps', values: { code: other.code, from: other.starts_on, to: other.ends_on } };
  }
  return found;
}

function plusMonths(date, months) {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const TOKEN = /\{(LOC|FY|SEQ:([0-9]{1,2}))\}/g;

/**
 * A series' number format as SeriesFormat parses it: literals and {LOC}, {FY} and exactly one {SEQ:n}
 * (n from 1 to 12); in India only letters, digits, '-' and '/' between them, and no number longer than 16
 * characters for the location's and the year's codes. Answers {key, values} or null.
 */
export function formatProblem(format, { india = true, locationCode = '', yearCode = '' } = {}) {
  if (!format || format.length > 64) return { key: 'series.formatLength' };
  let width = -1;
  let at = 0;
  const literals = [];
  for (const m of format.matchAll(TOKEN)) {
    literals.push(format.slice(at, m.index));
    if (m[2] !== undefined) {
      if (width >= 0) return { key: 'series.seqOnce' };
      width = Number(m[2]);
      if (width < 1 || width > 12) return { key: 'series.seqWidth' };
    }
    at = m.index + m[0].length;
  }
  literals.push(format.slice(at));
  for (const text of literals) {
    if (text.includes('{') || text.includes('}')) return { key: 'series.placeholders' };
    if (!(india ? /^[A-Za-z0-9/-]*$/ : /^[A-Za-z0-9/._-]*$/).test(text)) return { key: india ? 'series.indiaChars' : 'series.chars' };
  }
  if (width < 0) return { key: 'series.needSeq' };
  if (india && locationCode && yearCode) {
    const longest = renderNumber(format, locationCode, yearCode, 10 ** width - 1);
    if (longest.length > 16) return { key: 'series.tooLong', values: { n: longest.length, example: longest } };
  }
  return null;
}

/** The number a format gives for a sequence: {LOC}/{FY}/{SEQ:6} and 42 give BLR1/2627/000042. */
export function renderNumber(format, locationCode, yearCode, sequence) {
  return format.replace(TOKEN, (_, name, width) => (name === 'LOC' ? locationCode : name === 'FY' ? yearCode
    : String(sequence).padStart(Number(width), '0')));
}
