// Forms of the back office: a labelled field with its message, the checks a form makes before it sends,
// and the server's problem document turned into sentences next to the fields it names.
import { t } from '../messages.js';
import { Problem, explain } from '../problems.js';
import { parseDecimal } from '../format.js';

export function Field({ id, label, error, hint, children }) {
  return (
    <div class={'field' + (error ? ' invalid' : '')}>
      <label for={id}>{label}</label>
      {children}
      {hint && !error && <p class="hint" id={id + '-hint'}>{hint}</p>}
      {error && <p class="error" id={id + '-error'} role="alert">{error}</p>}
    </div>
  );
}

/** The aria attributes that tie an input to its message (or hint). */
export function described(id, error, hint) {
  return error ? { 'aria-invalid': 'true', 'aria-describedby': id + '-error' } : hint ? { 'aria-describedby': id + '-hint' } : {};
}

/** A typed text: required and its length. Answers a sentence or null. */
export function checkText(value, label, max, required = true) {
  const v = (value ?? '').trim();
  if (required && !v) return t('err.required', { field: label });
  if (v.length > max) return t('err.tooLong', { field: label, max });
  return null;
}

/** A quantity typed by a person, to 3 decimals; signed when asked. Answers {value} or {error: sentence}. */
export function checkQuantity(text, label, { signed = false, allowZero = false, required = true } = {}) {
  const s = String(text ?? '').trim();
  const negative = signed && s.startsWith('-');
  const q = parseDecimal(negative ? s.slice(1) : s, { decimals: 3, allowZero, required, max: 1e11 });
  if (q.error) return { error: t(q.error, { field: label, n: q.n }) };
  if (q.value === null) return { value: null };
  return { value: negative ? '-' + q.value : q.value };
}

/**
 * The server's refusal split into sentences per form field and one for the rest. fields maps the API's
 * field names to {key, label}: key is the form's field, label the words on screen.
 */
export function serverErrors(err, fields) {
  const byField = {};
  let rest = null;
  if (err instanceof Problem && err.errors.length) {
    const others = [];
    for (const e of err.errors) {
      const f = fields[e.field] ?? fields[String(e.field ?? '').replace(/\[\d+\]/g, '[]')];
      if (f) byField[f.key] = `${f.label}: ${e.message}`;
      else others.push(e);
    }
    if (others.length) rest = explain(new Problem(err.status, { code: err.code, detail: others.map((e) => `${e.field ?? ''} ${e.message}`.trim()).join('; ') }));
  } else {
    rest = explain(err);
  }
  return { byField, rest };
}
