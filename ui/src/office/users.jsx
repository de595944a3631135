// Users and roles (ADMIN only, as the API allows): the list with cursors, a new user with roles and the
// locations it is limited to, deactivation (its sessions end) or activation again, and the reset of a user's
// two-step sign-in (a lost phone).
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { t } from '../messages.js';
import { explain } from '../problems.js';
import { OfficePage } from './layout.jsx';
import { Field, described, checkText, serverErrors } from './form.jsx';

const PAGE = 25;
const ROLES = ['ADMIN', 'MANAGER', 'CASHIER', 'EMPLOYEE', 'DRIVER'];
const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;

export function UsersScreen({ me, onSignOut, onTill }) {
  const [locations, setLocations] = useState([]);
  const [page, setPage] = useState(null);
  const [cursors, setCursors] = useState([null]);
  const [failure, setFailure] = useState(null);
  const [notice, setNotice] = useState(null);

  async function load(cursor) {
    try {
      setPage(await api.get(`/api/v1/users?limit=${PAGE}` + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')));
      setFailure(null);
    } catch (err) {
      setFailure(explain(err));
    }
  }
  useEffect(() => {
    load(null);
    api.get('/api/v1/locations?limit=200').then((p) => setLocations(p.items ?? []), (err) => setFailure(explain(err)));
  }, []);

  async function toggle(user) {
    try {
      const changed = await api.post(`/api/v1/users/${user.id}/${user.active ? 'deactivate' : 'activate'}`);
      setNotice(t(changed.active ? 'users.activated' : 'users.deactivated', { name: changed.username }));
      load(cursors[cursors.length - 1]);
    } catch (err) {
      setNotice(null);
      setFailure(explain(err));
    }
  }

  async function resetTwoStep(user) {
    try {
      await api.post(`/api/v1/users/${user.id}/totp/reset`);
      setFailure(null);
      setNotice(t('users.totpReset', { name: user.username }));
    } catch (err) {
      setNotice(null);
      setFailure(explain(err));
    }
  }

  const codes = Object.fromEntries(locations.map((l) => [l.id, l.code]));
  const items = page?.items ?? [];
  return (
    <OfficePage me={me} current="users" title={t('users.title')} id="users" onSignOut={onSignOut} onTill={onTill}>
      {failure && <p class="error banner" role="alert" id="users-failure">{failure}</p>}
      <p role="status" id="users-notice" class="notice">{notice ?? ''}</p>
      <section class="panel" aria-labelledby="users-list-title">
        <h2 id="users-list-title">{t('users.list')}</h2>
        <table class="data" id="user-list">
          <thead><tr>
            <th scope="col">{t('signin.username')}</th><th scope="col">{t('users.display')}</th><th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.locations')}</th><th scope="col">{t('products.state')}</th><th scope="col"><span class="sr-only">{t('users.change')}</span></th>
          </tr></thead>
          <tbody>
            {items.map((u) => (
              <tr data-user={u.id} data-username={u.username}>
                <th scope="row">{u.username}</th><td>{u.display_name}</td>
                <td>{u.roles.map((r) => t('role.' + r)).join(', ')}</td>
                <td>{u.location_ids ? u.location_ids.map((id) => codes[id] ?? id).join(', ') : t('users.everywhere')}</td>
                <td>{u.active ? t('products.activeOne') : t('products.inactiveOne')}</td>
                <td>
                  {u.id !== me.id && (
                    <button type="button" class={'small' + (u.active ? ' danger' : '')} onClick={() => toggle(u)}
                      aria-label={t(u.active ? 'users.deactivateOne' : 'users.activateOne', { name: u.username })}>
                      {t(u.active ? 'users.deactivate' : 'users.activate')}
                    </button>
                  )}
                  {u.id !== me.id && (
                    <button type="button" class="small" onClick={() => resetTwoStep(u)} id={'reset-totp-' + u.username}
                      aria-label={t('users.resetTotpOne', { name: u.username })}>{t('users.resetTotp')}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="buttons pager">
          <button type="button" id="users-previous" disabled={cursors.length < 2}
            onClick={() => { const back = cursors.slice(0, -1); setCursors(back); load(back[back.length - 1]); }}>{t('products.previous')}</button>
          <button type="button" id="users-next" disabled={!page?.next_cursor}
            onClick={() => { setCursors([...cursors, page.next_cursor]); load(page.next_cursor); }}>{t('products.next')}</button>
        </div>
      </section>
      <NewUser locations={locations} onCreated={(u) => { setNotice(t('users.created', { name: u.username })); load(cursors[cursors.length - 1]); }} />
    </OfficePage>
  );
}

function NewUser({ locations, onCreated }) {
  const empty = { username: '', display_name: '', password: '', roles: [], location_ids: [] };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k, v) => setForm({ ...form, [k]: v });
  const flip = (k, v) => set(k, form[k].includes(v) ? form[k].filter((x) => x !== v) : [...form[k], v]);

  async function submit(e) {
    e.preventDefault();
    const found = {};
    const name = form.username.trim();
    found.username = checkText(name, t('signin.username'), 64) ?? (USERNAME.test(name) ? null : t('users.badUsername'));
    found.display_name = checkText(form.display_name, t('users.displayName'), 200, false);
    const min = form.roles.includes('ADMIN') ? 12 : 8;
    found.password = !form.password ? t('err.required', { field: t('signin.password') })
      : [...form.password].length < min ? t('users.shortPassword', { n: min })
        : form.password.length > 128 ? t('err.tooLong', { field: t('signin.password'), max: 128 }) : null;
    found.roles = form.roles.length ? null : t('users.needRole');
    setErrors(found);
    setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    try {
      const user = await api.post('/api/v1/users', {
        username: name, display_name: form.display_name.trim() || undefined, password: form.password, roles: form.roles,
        location_ids: form.location_ids.length ? form.location_ids : undefined,
      });
      setForm(empty);
      onCreated(user);
    } catch (err) {
      const { byField, rest } = serverErrors(err, {
        username: { key: 'username', label: t('signin.username') }, display_name: { key: 'display_name', label: t('users.displayName') },
        password: { key: 'password', label: t('signin.password') }, roles: { key: 'roles', label: t('users.roles') },
        location_ids: { key: 'location_ids', label: t('users.locations') },
      });
      const taken = err?.code === 'username_taken';
      if (taken) byField.username = explain(err);
      setErrors(byField);
      setFailure(taken ? null : rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('users.new')}</h2>
      <form id="new-user" onSubmit={submit} novalidate class="subform">
        {failure && <p class="error banner" role="alert" id="new-user-failure">{failure}</p>}
        <Field id="user-username" label={t('signin.username')} error={errors.username} hint={t('users.usernameHint')}>
          <input id="user-username" value={form.username} maxLength={200} autoComplete="off" onInput={(e) => set('username', e.currentTarget.value)} {...described('user-username', errors.username, t('users.usernameHint'))} />
        </Field>
        <Field id="user-display" label={t('users.displayName')} error={errors.display_name}>
          <input id="user-display" value={form.display_name} maxLength={400} onInput={(e) => set('display_name', e.currentTarget.value)} {...described('user-display', errors.display_name)} />
        </Field>
        <Field id="user-password" label={t('signin.password')} error={errors.password} hint={t('users.passwordHint')}>
          <input id="user-password" type="password" value={form.password} maxLength={300} autoComplete="new-password" onInput={(e) => set('password', e.currentTarget.value)} {...described('user-password', errors.password, t('users.passwordHint'))} />
        </Field>
        <fieldset class={'choice' + (errors.roles ? ' invalid' : '')} id="user-roles" aria-describedby={errors.roles ? 'user-roles-error' : undefined}>
          <legend>{t('users.roles')}</legend>
          {ROLES.map((r) => <label><input type="checkbox" id={'role-' + r} checked={form.roles.includes(r)} onChange={() => flip('roles', r)} /> {t('role.' + r)}</label>)}
          {errors.roles && <p class="error" id="user-roles-error" role="alert">{errors.roles}</p>}
        </fieldset>
        {locations.length > 0 && (
          <fieldset class={'choice' + (errors.location_ids ? ' invalid' : '')} id="user-locations">
            <legend>{t('users.limitTo')}</legend>
            {locations.map((l) => <label><input type="checkbox" id={'user-location-' + l.code} checked={form.location_ids.includes(l.id)} onChange={() => flip('location_ids', l.id)} /> {l.code} · {l.name}</label>)}
            {errors.location_ids && <p class="error" role="alert">{errors.location_ids}</p>}
          </fieldset>
        )}
        <button type="submit" class="primary" disabled={busy}>{t('users.create')}</button>
      </form>
    </section>
  );
}
