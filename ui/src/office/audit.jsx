// The audit trail (ADMIN and MANAGER): the event log in its order, filtered by event types and location,
// one entity's history, and (ADMIN only, as the API allows) the chain check with its answer.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { dateTime } from '../format.js';
import { explain } from '../problems.js';
import { OfficePage } from './layout.jsx';
import { Field, described, serverErrors } from './form.jsx';

const PAGE = 25;
const TYPE = /^[a-z0-9_.]{1,100}$/;

function EventRows({ items, onHistory, id }) {
  return (
    <table class="data" id={id}>
      <thead><tr>
        <th scope="col" class="num">{t('audit.seq')}</th><th scope="col">{t('stock.when')}</th><th scope="col">{t('audit.type')}</th>
        <th scope="col">{t('audit.entity')}</th><th scope="col">{t('audit.payload')}</th>
        {onHistory && <th scope="col"><span class="sr-only">{t('audit.history')}</span></th>}
      </tr></thead>
      <tbody>
        {items.map((e) => (
          <tr data-seq={e.seq} data-type={e.type}>
            <td class="num">{e.seq}</td><td>{dateTime(e.occurred_at)}</td><th scope="row">{e.type}</th>
            <td>{e.aggregate_type} <span class="small">{e.aggregate_id.slice(-12)}</span></td>
            <td><code class="payload">{JSON.stringify(e.payload).slice(0, 160)}</code></td>
            {onHistory && <td><button type="button" class="small" onClick={() => onHistory(e)} aria-label={t('audit.historyOf', { type: e.aggregate_type, seq: e.seq })}>{t('audit.history')}</button></td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditScreen({ me, onSignOut, onTill }) {
  const [locations, setLocations] = useState([]);
  const [types, setTypes] = useState('');
  const [location, setLocation] = useState('');
  const [error, setError] = useState(null);
  const [failure, setFailure] = useState(null);
  const [filter, setFilter] = useState({ types: '', location: '' });
  const [page, setPage] = useState(null);
  const [cursors, setCursors] = useState([null]);
  const [history, setHistory] = useState(null);

  async function load(f, cursor) {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (f.types) q.set('types', f.types);
    if (f.location) q.set('location', f.location);
    if (cursor) q.set('cursor', cursor);
    try {
      setPage(await api.get('/api/v1/events?' + q));
      setError(null);
      setFailure(null);
      return true;
    } catch (err) {
      const { byField, rest } = serverErrors(err, { types: { key: 'types', label: t('audit.types') } });
      setError(byField.types ?? null);
      setFailure(rest);
      return false;
    }
  }
  useEffect(() => {
    load(filter, null);
    api.get('/api/v1/locations?limit=200').then((p) => setLocations(p.items ?? []), () => null);
  }, []);

  async function submit(e) {
    e.preventDefault();
    const list = types.split(',').map((x) => x.trim()).filter(Boolean);
    const bad = list.find((x) => !TYPE.test(x));
    if (bad !== undefined) {
      setError(t('audit.badType', { type: bad.slice(0, 40) }));
      return;
    }
    const f = { types: list.join(','), location };
    if (await load(f, null)) {
      setFilter(f);
      setCursors([null]);
    }
  }

  async function showHistory(e) {
    try {
      setHistory({ of: e, page: await api.get(`/api/v1/events/history/${e.aggregate_type}/${e.aggregate_id}?limit=${PAGE}`) });
    } catch (err) {
      setFailure(explain(err));
    }
  }

  const items = page?.items ?? [];
  return (
    <OfficePage me={me} current="audit" title={t('audit.title')} id="audit" onSignOut={onSignOut} onTill={onTill}>
      {failure && <p class="error banner" role="alert" id="audit-failure">{failure}</p>}
      {me.roles.includes('ADMIN') && <ChainCheck />}
      <section class="panel" aria-labelledby="log-title">
        <h2 id="log-title">{t('audit.log')}</h2>
        <form id="audit-filter" class="inline-form" role="search" onSubmit={submit} novalidate>
          <Field id="audit-types" label={t('audit.types')} error={error} hint={t('audit.typesHint')}>
            <input id="audit-types" value={types} maxLength={6000} autoComplete="off" onInput={(e) => setTypes(e.currentTarget.value)} {...described('audit-types', error, t('audit.typesHint'))} />
          </Field>
          <Field id="audit-location" label={t('dash.location')}>
            <select id="audit-location" value={location} onChange={(e) => setLocation(e.currentTarget.value)}>
              <option value="">{t('dash.all')}</option>
              {locations.map((l) => <option value={l.id}>{l.code} · {l.name}</option>)}
            </select>
          </Field>
          <button type="submit" class="primary">{t('audit.filter')}</button>
        </form>
        <EventRows id="event-list" items={items} onHistory={showHistory} />
        {page && !items.length && <p class="empty" id="audit-none">{t('audit.none')}</p>}
        <div class="buttons pager">
          <button type="button" id="audit-previous" disabled={cursors.length < 2}
            onClick={() => { const back = cursors.slice(0, -1); setCursors(back); load(filter, back[back.length - 1]); }}>{t('products.previous')}</button>
          <button type="button" id="audit-next" disabled={!page?.next_cursor}
            onClick={() => { setCursors([...cursors, page.next_cursor]); load(filter, page.next_cursor); }}>{t('products.next')}</button>
        </div>
      </section>
      {history && (
        <section class="panel" aria-labelledby="history-title" id="history">
          <div class="dash-head">
            <h2 id="history-title">{t('audit.historyTitle', { type: history.of.aggregate_type, id: history.of.aggregate_id })}</h2>
            <button type="button" onClick={() => setHistory(null)}>{t('close')}</button>
          </div>
          <EventRows id="history-list" items={history.page.items ?? []} />
          {history.page.next_cursor && <p class="small">{t('audit.moreHistory')}</p>}
        </section>
      )}
    </OfficePage>
  );
}

function ChainCheck() {
  const [answer, setAnswer] = useState(null);
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  async function verify() {
    setBusy(true);
    setFailure(null);
    try {
      setAnswer(await api.post('/api/v1/events/verify'));
    } catch (err) {
      setFailure(explain(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="panel" aria-labelledby="chain-title">
      <h2 id="chain-title">{t('audit.chain')}</h2>
      <p>{t('audit.chainIntro')}</p>
      <button type="button" id="verify-chain" onClick={verify} disabled={busy}>{busy ? t('audit.checking') : t('audit.verify')}</button>
      {failure && <p class="error" role="alert">{failure}</p>}
      <p role="status" id="chain-answer" data-ok={answer ? String(answer.ok) : ''} class={answer && !answer.ok ? 'error' : 'notice'}>
        {answer && (answer.ok
          ? t('audit.chainOk', { checked: answer.checked, seq: answer.head_seq ?? answer.last_seq, hash: String(answer.head_hash ?? '').slice(0, 16) })
          : t('audit.chainBroken', { seq: answer.broken_seq, problem: answer.problem, detail: answer.detail ?? '' }))}
      </p>
    </section>
  );
}
