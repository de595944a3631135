// What the return dialog reads from what the cashier typed or scanned, kept apart from the screen so that
// node's test runner checks it (ui/test/returning.test.js).
import { t } from './messages.js';
import { quantity, parseDecimal, unitDecimals } from './format.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a receipt's number field holds once read: the number as printed, or a sale id a code carried. */
export function receiptQuery(text) {
  const s = String(text ?? '').trim();
  if (!s) return { error: 'err.required' };
  if (s.length > 64) return { error: 'err.tooLong' };
  return UUID.test(s) ? { id: s.toLowerCase() } : { number: s };
}

/** The lines to price or return: those with a quantity above zero; a wrong quantity is named by its line. */
export function askedLines(lines, typed) {
  const asked = [];
  const errors = {};
  lines.forEach((line, i) => {
    const text = typed[line.sale_line_id] ?? '';
    if (String(text).trim() === '') return;
    const q = parseDecimal(text, { decimals: unitDecimals(line.unit), allowZero: true, max: 1e10 });
    if (q.error) {
      errors[line.sale_line_id] = t(q.error, { field: t('return.lineQty', { n: i + 1 }), n: q.n });
    } else if (Number(q.value) > Number(line.returnable)) {
      errors[line.sale_line_id] = t('return.tooMany', { n: i + 1, max: quantity(line.returnable) });
    } else if (Number(q.value) > 0) {
      asked.push({ sale_line_id: line.sale_line_id, quantity: q.value });
    }
  });
  return { asked, errors };
}

