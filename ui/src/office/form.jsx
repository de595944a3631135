// Forms of the back office: a labelled field with its message, the checks a form makes before it sends,
// and the server's problem document turned into sentences next to the fields it names.
import { useEffect, useRef, useState } from 'preact/hooks';
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

/** A form's state: its values, the message per field, the message for the rest, and whether it is sending. */
export function useForm(initial) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  return { form, set: (k, v) => setForm({ ...form, [k]: v }), setForm, reset: () => setForm(initial), errors, setErrors, failure, setFailure, busy, setBusy };
}

/** The sentences of checks that answered {key, values} per field; labels fill {field}. */
export function sentences(found, labels) {
  return Object.fromEntries(Object.entries(found).filter(([, p]) => p)
    .map(([k, p]) => [k, t(p.key, { field: labels[k], ...(p.values ?? {}) })]));
}

/** Asks once more, in the row, before an irreversible change; the question takes the focus. */
export function Confirm({ id, question, yes, onYes, onNo }) {
  const ref = useRef(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return (
    <div class="confirm" id={id} role="group" aria-label={question}>
      <span>{question}</span>
      <button type="button" class="small danger" ref={ref} onClick={onYes}>{yes}</button>
      <button type="button" class="small" onClick={onNo}>{t('cancel')}</button>
    </div>
  );
}
