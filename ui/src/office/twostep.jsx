// The signed-in user's own two-step sign-in: its state, setting it up, new recovery codes and removal (both
// with the password and a code). Setting it up or removing it ends the user's sessions: sign in again.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { Problem, explain } from '../problems.js';
import { OfficePage } from './layout.jsx';
import { Field, described, checkText } from './form.jsx';
import { TwoStepSetup } from '../twostep.jsx';
import { dateTime } from '../format.js';

export function TwoStepScreen({ me, onSignOut, onTill }) {
  const [status, setStatus] = useState(null);
  const [failure, setFailure] = useState(null);
  // the recovery codes are on screen: the state above them is no longer "off"
  const [confirmed, setConfirmed] = useState(false);

  useEffect(() => {
    api.get('/api/v1/me/totp').then(setStatus, (err) => setFailure(explain(err)));
  }, []);

  return (
    <OfficePage me={me} current="two-step" title={t('totp.title')} id="two-step" onSignOut={onSignOut} onTill={onTill}>
      {failure && <p class="error banner" role="alert" id="two-step-failure">{failure}</p>}
      {status && (
        <section class="panel" aria-labelledby="two-step-state">
          {!confirmed && <h2 id="two-step-state">{status.enabled ? t('totp.isOn') : t('totp.isOff')}</h2>}
          {status.enabled && <p id="two-step-since">{t('totp.since', { when: dateTime(status.enabled_at), n: status.recovery_codes_left })}</p>}
          {status.required && !status.enabled && !confirmed && <p>{t('totp.requiredWhy')}</p>}
          {!status.enabled && <TwoStepSetup onConfirmed={() => setConfirmed(true)} onDone={() => onSignOut(t('totp.signInAgain'))} />}
        </section>
      )}
      {status?.enabled && <Proven kind="recovery-codes" />}
      {status?.enabled && <Proven kind="remove" required={status.required} onRemoved={() => onSignOut(t('totp.removed'))} />}
    </OfficePage>
  );
}

/** New recovery codes, or removal: the password and a code (or a recovery code) prove it is the user. */
function Proven({ kind, required, onRemoved }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [codes, setCodes] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = 'totp-' + kind;

  async function submit(e) {
    e.preventDefault();
    const found = { password: checkText(password, t('signin.password'), 128), code: checkText(code, t('signin.code'), 32) };
    setErrors(found);
    if (found.password || found.code) return;
    setBusy(true);
    setFailure(null);
    try {
      const answer = await api.post('/api/v1/me/totp/' + kind, { password, code: code.trim() });
      setPassword('');
      setCode('');
      if (kind === 'remove') onRemoved();
      else setCodes(answer.recovery_codes);
    } catch (err) {
      const fields = err instanceof Problem ? err.errors.map((f) => f.field) : [];
      if (fields.includes('password')) setErrors({ password: t('totp.wrongPassword') });
      else if (fields.includes('code')) setErrors({ code: t('signin.codeWrong') });
      else setFailure(explain(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby={id + '-title'}>
      <h2 id={id + '-title'}>{t('totp.' + kind)}</h2>
      <p>{t('totp.' + kind + 'Intro')}{required && kind === 'remove' ? ' ' + t('totp.removeRequired') : ''}</p>
      {codes && (
        <ol class="recovery-codes" id="new-recovery-codes">{codes.map((c) => <li><code>{c}</code></li>)}</ol>
      )}
      <form id={id} onSubmit={submit} novalidate class="subform">
        {failure && <p class="error banner" role="alert">{failure}</p>}
        <Field id={id + '-password'} label={t('signin.password')} error={errors.password}>
          <input id={id + '-password'} type="password" autocomplete="current-password" value={password} maxLength={200}
            onInput={(e) => setPassword(e.currentTarget.value)} {...described(id + '-password', errors.password)} />
        </Field>
        <Field id={id + '-code'} label={t('signin.code')} error={errors.code} hint={t('signin.codeHint')}>
          <input id={id + '-code'} autocomplete="one-time-code" value={code} maxLength={32}
            onInput={(e) => setCode(e.currentTarget.value)} {...described(id + '-code', errors.code, t('signin.codeHint'))} />
        </Field>
        <button type="submit" class={kind === 'remove' ? 'danger' : 'primary'} disabled={busy}>{t('totp.' + kind + 'Submit')}</button>
      </form>
    </section>
  );
}
