// Two-step sign-in (TOTP): setting it up with an authenticator app. The password starts it; the server
// answers a new secret, shown here as a QR code to scan and as text (Base32 and the otpauth:// address); the app's
// current code confirms it; the 10 recovery codes are shown once. The server then ends the user's
// sessions, so onDone signs in again, this time with a code.
import { useState } from 'preact/hooks';
import * as api from './api.js';
import { t } from './messages.js';
import { Problem, explain } from './problems.js';
import { Field, described, checkText } from './office/form.jsx';
import { qrPath } from './qr.js';

/** The secret in groups of four, easier to type into an app by hand. */
export function grouped(secret) {
  return (secret ?? '').replace(/(.{4})/g, '$1 ').trim();
}

export function TwoStepSetup({ onDone, onConfirmed }) {
  const [password, setPassword] = useState('');
  const [started, setStarted] = useState(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState(null);
  const [error, setError] = useState(null);
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);

  async function start(e) {
    e.preventDefault();
    const found = checkText(password, t('signin.password'), 128);
    setError(found);
    if (found) return;
    setBusy(true);
    setFailure(null);
    try {
      setStarted(await api.post('/api/v1/me/totp', { password }));
      setPassword('');
      setTimeout(() => document.getElementById('totp-confirm-code')?.focus(), 0);
    } catch (err) {
      if (err instanceof Problem && err.errors.some((f) => f.field === 'password')) setError(t('totp.wrongPassword'));
      else setFailure(explain(err));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(e) {
    e.preventDefault();
    const typed = code.replace(/\s/g, '');
    const found = !typed ? t('err.required', { field: t('totp.code') }) : /^[0-9]{6}$/.test(typed) ? null : t('totp.sixDigits');
    setError(found);
    if (found) return;
    setBusy(true);
    setFailure(null);
    try {
      const answer = await api.post('/api/v1/me/totp/confirm', { code: typed });
      setCodes(answer.recovery_codes);
      onConfirmed?.();
    } catch (err) {
      setCode('');
      if (err instanceof Problem && err.errors.some((f) => f.field === 'code')) setError(t('totp.codeWrong'));
      else if (err instanceof Problem && err.code === 'totp_enrolment_not_started') {
        setStarted(null);
        setFailure(t('totp.startAgain'));
      } else setFailure(explain(err));
    } finally {
      setBusy(false);
    }
  }

  if (codes) {
    return (
      <section id="totp-recovery" aria-labelledby="totp-recovery-title">
        <h2 id="totp-recovery-title">{t('totp.onTitle')}</h2>
        <p>{t('totp.recoveryIntro')}</p>
        <ol class="recovery-codes" id="recovery-codes">
          {codes.map((c) => <li><code>{c}</code></li>)}
        </ol>
        <button type="button" class="primary" id="totp-done" onClick={onDone}>{t('totp.saved')}</button>
      </section>
    );
  }

  if (started) {
    return (
      <form id="totp-confirm" onSubmit={confirm} novalidate class="subform">
        <h2>{t('totp.addTitle')}</h2>
        <p>{t('totp.addIntro')}</p>
        <QrCode id="totp-qr" text={started.otpauth_uri} label={t('totp.qr')} />
        <dl class="totp-secret">
          <dt>{t('totp.secret')}</dt>
          <dd><code id="totp-secret">{grouped(started.secret)}</code></dd>
          <dt>{t('totp.uri')}</dt>
          <dd><code id="totp-uri" class="wrap">{started.otpauth_uri}</code></dd>
        </dl>
        <p class="hint">{t('totp.kind', { digits: started.digits, period: started.period })}</p>
        {failure && <p class="error banner" role="alert" id="totp-failure">{failure}</p>}
        <Field id="totp-confirm-code" label={t('totp.code')} error={error}>
          <input id="totp-confirm-code" inputMode="numeric" autocomplete="one-time-code" value={code} maxLength={12}
            onInput={(e) => setCode(e.currentTarget.value)} {...described('totp-confirm-code', error)} />
        </Field>
        <button type="submit" class="primary" disabled={busy}>{t('totp.confirm')}</button>
      </form>
    );
  }

  return (
    <form id="totp-start" onSubmit={start} novalidate class="subform">
      <p>{t('totp.startIntro')}</p>
      {failure && <p class="error banner" role="alert" id="totp-failure">{failure}</p>}
      <Field id="totp-password" label={t('signin.password')} error={error}>
        <input id="totp-password" type="password" autocomplete="current-password" value={password} maxLength={200}
          onInput={(e) => setPassword(e.currentTarget.value)} {...described('totp-password', error)} />
      </Field>
      <button type="submit" class="primary" disabled={busy}>{t('totp.start')}</button>
    </form>
  );
}

/** The QR code of the otpauth:// address, drawn in the page as SVG. */
function QrCode({ id, text, label, px = 220 }) {
  const { d, size } = qrPath(text);
  return (
    <svg id={id} class="qr" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} width={px} height={px}
      shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
