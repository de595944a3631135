// The organization's bank accounts (ADMIN only, even to read them: the API refuses a manager): listed, added
// (an Indian account by IFSC and account number, any other by IBAN) and deleted.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { explain } from '../problems.js';
import { Confirm, Field, described, checkText, serverErrors, useForm, sentences } from './form.jsx';
import { bankProblems, normalized } from './orgchecks.js';

const shown = (a) => a.account_number ?? a.iban ?? '';

export function BankAccounts({ onChanged }) {
  const [items, setItems] = useState(null);
  const [failure, setFailure] = useState(null);
  const [asking, setAsking] = useState(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    api.get('/api/v1/organization/bank-accounts?limit=200').then((p) => setItems(p.items ?? []), (err) => setFailure(explain(err)));
  }, [version]);
  async function remove(a) {
    setAsking(null);
    try {
      await api.call('DELETE', '/api/v1/organization/bank-accounts/' + a.id);
      setFailure(null);
      onChanged(t('bank.deleted', { bank: a.bank_name }));
      setVersion((v) => v + 1);
    } catch (err) {
      setFailure(explain(err));
    }
  }
  return (
    <section class="panel" aria-labelledby="banks-title">
      <h2 id="banks-title">{t('bank.title')}</h2>
      {failure && <p class="error banner" role="alert" id="banks-failure">{failure}</p>}
      <table class="data" id="bank-list">
        <thead><tr>
          <th scope="col">{t('bank.bankName')}</th><th scope="col">{t('bank.accountName')}</th><th scope="col">{t('bank.accountNumber')}</th>
          <th scope="col">IFSC</th><th scope="col">IBAN</th><th scope="col"><span class="sr-only">{t('users.change')}</span></th>
        </tr></thead>
        <tbody>
          {(items ?? []).map((a) => (
            <tr data-account={a.id} data-number={shown(a)}>
              <th scope="row">{a.bank_name}</th><td>{a.account_name}</td><td>{a.account_number ?? ''}</td><td>{a.ifsc ?? ''}</td><td>{a.iban ?? ''}</td>
              <td>{asking === a.id
                ? <Confirm id={'bank-confirm-' + a.id} question={t('bank.confirmDelete', { number: shown(a), bank: a.bank_name })} yes={t('org.delete')} onYes={() => remove(a)} onNo={() => setAsking(null)} />
                : <button type="button" class="small danger" onClick={() => setAsking(a.id)} aria-label={t('bank.deleteOne', { number: shown(a), bank: a.bank_name })}>{t('org.delete')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items && !items.length && <p class="empty" id="banks-none">{t('bank.none')}</p>}
      <NewBankAccount onAdded={(a) => { onChanged(t('bank.added', { bank: a.bank_name })); setVersion((v) => v + 1); }} />
    </section>
  );
}

const FIELDS = ['bank_name', 'account_name', 'account_number', 'ifsc', 'iban'];

function NewBankAccount({ onAdded }) {
  const f = useForm({ bank_name: '', account_name: '', account_number: '', ifsc: '', iban: '' });
  const labels = { bank_name: t('bank.bankName'), account_name: t('bank.accountName'), account_number: t('bank.accountNumber'), ifsc: t('bank.ifsc'), iban: t('bank.iban') };
  async function submit(e) {
    e.preventDefault();
    const v = f.form;
    const codes = sentences(bankProblems(v), labels);
    const found = {
      bank_name: checkText(v.bank_name, labels.bank_name, 200),
      account_name: checkText(v.account_name, labels.account_name, 200),
      account_number: checkText(v.account_number, labels.account_number, 34, false) ?? codes.account_number ?? null,
      ifsc: checkText(v.ifsc, labels.ifsc, 11, false) ?? codes.ifsc ?? null,
      iban: codes.iban ?? null,
    };
    f.setErrors(found);
    f.setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    f.setBusy(true);
    try {
      const made = await api.post('/api/v1/organization/bank-accounts', {
        bank_name: v.bank_name.trim(), account_name: v.account_name.trim(), account_number: v.account_number.trim() || null,
        ifsc: v.ifsc.trim().toUpperCase() || null, iban: normalized(v.iban) || null,
      }, { idempotent: true });
      f.reset();
      onAdded(made);
    } catch (err) {
      const { byField, rest } = serverErrors(err, Object.fromEntries(FIELDS.map((k) => [k, { key: k, label: labels[k] }])));
      f.setErrors(byField);
      f.setFailure(rest);
    } finally {
      f.setBusy(false);
    }
  }
  const input = (k, props = {}) => (
    <Field id={'bank-' + k} label={labels[k]} error={f.errors[k]}>
      <input id={'bank-' + k} value={f.form[k]} autoComplete="off" onInput={(e) => f.set(k, e.currentTarget.value)} {...props} {...described('bank-' + k, f.errors[k])} />
    </Field>
  );
  return (
    <form id="new-bank" class="subform" onSubmit={submit} novalidate aria-labelledby="new-bank-title">
      <h3 id="new-bank-title">{t('bank.new')}</h3>
      <p class="hint">{t('bank.hint')}</p>
      {f.failure && <p class="error banner" role="alert" id="new-bank-failure">{f.failure}</p>}
      <div class="forms tight">
        {input('bank_name', { maxLength: 400 })}
        {input('account_name', { maxLength: 400 })}
        {input('ifsc', { maxLength: 20 })}
        {input('account_number', { maxLength: 60 })}
        {input('iban', { maxLength: 80 })}
      </div>
      <button type="submit" class="primary" disabled={f.busy}>{t('bank.add')}</button>
    </form>
  );
}
