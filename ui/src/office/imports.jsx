// The catalog's CSV import: a file uploaded (POST /api/v1/products/imports, multipart, with an
// Idempotency-Key), then its job followed on the live stream (the job's job.progressed in bytes, the import's
// own catalog.import_* events) with GET /api/v1/products/imports/{id} read at every (re)subscription and every
// few seconds while the stream is away. The import's id is in the address and in localStorage, so leaving the
// screen and coming back shows it again; its row errors are a CSV to save.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { newKey } from '../cart.js';
import { t } from '../messages.js';
import { dateTime } from '../format.js';
import { Problem, explain } from '../problems.js';
import { follow } from '../live.js';
import { Field, described, serverErrors } from './form.jsx';
import { csv } from './download.js';
import { concernsImport, importProgress } from './catalog.js';

const LAST = 'kassa.catalog.import';

async function postOnce(form, key) {
  const token = api.accessToken();
  return fetch('/api/v1/products/imports', {
    method: 'POST',
    body: form,
    headers: { Accept: 'application/json', 'Idempotency-Key': key, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
}

/** The upload, as api.js sends JSON: renewed once on a 401; a refusal is the server's Problem. */
async function upload(file, mode, key) {
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('mode', mode);
  let response;
  try {
    response = await postOnce(form, key);
    if (response.status === 401) {
      await api.refresh();
      response = await postOnce(form, key);
    }
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw new TypeError('network');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = { detail: `HTTP ${response.status}` };
  }
  if (!response.ok) throw new Problem(response.status, body);
  return body;
}

export function ImportView({ importId }) {
  const remembered = importId ?? localStorage.getItem(LAST);
  useEffect(() => {
    // back at the import without its id: the address names the one this browser started last
    if (!importId && remembered) location.replace('#/products?view=import&import=' + encodeURIComponent(remembered));
  }, []);
  const started = (imp) => {
    localStorage.setItem(LAST, imp.id);
    location.hash = '#/products?view=import&import=' + imp.id;
  };
  return (
    <div class="forms">
      <UploadForm onStarted={started} />
      {importId && <ImportJob key={importId} id={importId} onForget={() => {
        localStorage.removeItem(LAST);
        location.hash = '#/products?view=import';
      }} />}
    </div>
  );
}

function UploadForm({ onStarted }) {
  const [mode, setMode] = useState('valid_rows');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const input = useRef(null);
  const key = useRef(null);
  const labels = { file: t('catalog.file'), mode: t('catalog.mode') };
  async function submit(e) {
    e.preventDefault();
    const file = input.current?.files?.[0];
    const found = { file: file ? (file.size === 0 ? t('catalog.fileEmpty') : null) : t('err.required', { field: labels.file }) };
    setErrors(found);
    setFailure(null);
    if (found.file) {
      input.current?.focus();
      return;
    }
    key.current = key.current ?? newKey();
    setBusy(true);
    try {
      const imp = await upload(file, mode, key.current);
      key.current = null;
      input.current.value = '';
      onStarted(imp);
    } catch (err) {
      const { byField, rest } = serverErrors(err, { file: { key: 'file', label: labels.file }, mode: { key: 'mode', label: labels.mode } });
      setErrors(byField);
      setFailure(rest);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form id="import-form" class="subform" onSubmit={submit} novalidate aria-labelledby="import-form-title">
      <h3 id="import-form-title">{t('catalog.importTitle')}</h3>
      <p class="hint" id="import-columns">{t('catalog.importColumns')}</p>
      {failure && <p class="error" role="alert" id="import-failure">{failure}</p>}
      <Field id="import-file" label={labels.file} error={errors.file}>
        <input id="import-file" type="file" accept=".csv,text/csv" ref={input} onChange={() => { key.current = null; }} {...described('import-file', errors.file)} />
      </Field>
      <fieldset class={'choice' + (errors.mode ? ' invalid' : '')}>
        <legend>{labels.mode}</legend>
        <label><input type="radio" name="import-mode" id="import-mode-valid" value="valid_rows" checked={mode === 'valid_rows'} onChange={() => { key.current = null; setMode('valid_rows'); }} />{t('catalog.modeValidRows')}</label>
        <label><input type="radio" name="import-mode" id="import-mode-all" value="all_or_nothing" checked={mode === 'all_or_nothing'} onChange={() => { key.current = null; setMode('all_or_nothing'); }} />{t('catalog.modeAll')}</label>
        {errors.mode && <p class="error" role="alert">{errors.mode}</p>}
      </fieldset>
      <button type="submit" class="primary" id="import-submit" disabled={busy}>{busy ? t('catalog.uploading') : t('catalog.upload')}</button>
    </form>
  );
}

function ImportJob({ id, onForget }) {
  const [imp, setImp] = useState(null);
  const [job, setJob] = useState(null);
  const [failure, setFailure] = useState(null);
  const [stream, setStream] = useState('connecting');
  const [file, setFile] = useState(null);
  const latest = useRef(null);

  async function read() {
    try {
      const now = await api.get('/api/v1/products/imports/' + encodeURIComponent(id));
      latest.current = now;
      setImp(now);
      setFailure(null);
      if (now.job_id) {
        const run = await api.get('/api/v1/jobs/' + now.job_id).catch(() => null);
        if (run) setJob((j) => (j && Number(j.done) > Number(run.done) && !now.status.match(/COMPLETED|FAILED/) ? j : { done: run.done, total: run.total }));
      }
      return now;
    } catch (err) {
      setFailure(err instanceof Problem && err.status === 404 ? t('catalog.importGone') : explain(err));
      return null;
    }
  }

  useEffect(() => {
    let following = null;
    let timer = null;
    let state = 'connecting';
    let stopped = false;
    const finished = () => ['COMPLETED', 'FAILED'].includes(latest.current?.status);
    const stop = () => { stopped = true; following?.stop(); clearInterval(timer); };
    read().then((first) => {
      if (stopped || !first || finished()) return;
      following = follow({
        topics: ['jobs', 'catalog'],
        onState: (s) => { state = s; setStream(s); },
        onResync: async () => { await read(); if (finished()) stop(); },
        onEvent: async (event) => {
          if (!concernsImport(event, latest.current)) return;
          if (event.type === 'job.progressed' && event.payload) setJob({ done: event.payload.done, total: event.payload.total });
          else {
            await read();
            if (finished()) stop();
          }
        },
      });
      // the fall-back while the stream is away: the import read every few seconds
      timer = setInterval(async () => {
        if (state === 'live') return;
        await read();
        if (finished()) stop();
      }, 3000);
    });
    return stop;
  }, [id]);

  async function errorsCsv() {
    try {
      setFile(await csv(`/api/v1/products/imports/${id}/errors.csv`, `import-errors.csv`));
    } catch (err) {
      setFailure(explain(err));
    }
  }

  const progress = importProgress(imp, job);
  return (
    <section class="subform" id="import-job" aria-labelledby="import-job-title" data-status={imp?.status ?? ''}>
      <h3 id="import-job-title">{imp?.file_name ? t('catalog.importOf', { name: imp.file_name }) : t('catalog.importJob')}</h3>
      {failure && <p class="error" role="alert" id="import-job-failure">{failure}</p>}
      {failure && !imp && <button type="button" id="import-forget" onClick={onForget}>{t('catalog.forgetImport')}</button>}
      {imp && (
        <>
          <label for="import-progress" id="import-progress-label">{t('catalog.progress')}</label>
          <progress id="import-progress" value={progress.value} max={progress.max} data-percent={progress.percent}>{progress.percent} %</progress>
          <p role="status" id="import-state" data-status={imp.status}>
            {t('catalog.importStatus.' + imp.status, { percent: progress.percent, rows: imp.rows_read })}
            {!progress.finished && stream !== 'live' ? ' ' + t('catalog.streamAway') : ''}
          </p>
          <dl class="figures small-figures" id="import-counts">
            <div><dt>{t('catalog.rowsRead')}</dt><dd id="import-rows">{imp.rows_read}</dd></div>
            <div><dt>{t('catalog.countCreated')}</dt><dd id="import-created">{imp.created}</dd></div>
            <div><dt>{t('catalog.countUpdated')}</dt><dd id="import-updated">{imp.updated}</dd></div>
            <div><dt>{t('catalog.countUnchanged')}</dt><dd>{imp.unchanged}</dd></div>
            <div><dt>{t('catalog.countRejected')}</dt><dd id="import-rejected">{imp.rejected}</dd></div>
          </dl>
          {imp.problem && <p class="error" id="import-problem">{imp.problem}</p>}
          <p class="hint">{t('catalog.importMode.' + imp.mode)} · {dateTime(imp.created_at)}</p>
          <div class="buttons">
            {progress.finished && imp.error_count > 0 && <button type="button" id="import-errors" onClick={errorsCsv}>{t('catalog.errorsCsv', { n: imp.error_count })}</button>}
            {file && <a id="import-errors-file" href={file.url} download={file.name} data-bytes={file.bytes}>{t('sales.save', { name: file.name, kb: Math.max(1, Math.round(file.bytes / 1024)) })}</a>}
            {progress.finished && <button type="button" id="import-forget" onClick={onForget}>{t('catalog.forgetImport')}</button>}
          </div>
        </>
      )}
    </section>
  );
}
