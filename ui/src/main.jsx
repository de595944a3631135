import { render } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import * as api from './api.js';
import * as store from './storage.js';
import * as C from './cart.js';
import { t } from './messages.js';
import { money, quantity, parseDecimal, unitDecimals, dateTime } from './format.js';
import { Problem, explain } from './problems.js';
import { createScanner, isEditable } from './scanner.js';
import { loadDemoShop } from './demo.js';
import * as S from './session.jsx';
import { BackOffice, screenOf } from './office/index.jsx';
import * as offline from './offline/index.js';
import { ReturnDialog } from './returns.jsx';
import { useLiveTill, LiveState, StockNote } from './tilllive.jsx';
import { TwoStepSetup } from './twostep.jsx';

const MAX_TEXT = { username: 64, password: 128, terminal: 64, name: 200, phone: 32, search: 100, reference: 100 };

function Field({ id, label, error, hint, children }) {
  return (
    <div class={'field' + (error ? ' invalid' : '')}>
      <label for={id}>{label}</label>
      {children}
      {hint && !error && <p class="hint" id={id + '-hint'}>{hint}</p>}
      {error && <p class="error" id={id + '-error'} role="alert">{error}</p>}
    </div>
  );
}

function described(id, error, hint) {
  return error ? { 'aria-invalid': 'true', 'aria-describedby': id + '-error' } : hint ? { 'aria-describedby': id + '-hint' } : {};
}

/** Checks a typed text: required and its length. Answers a sentence or null. */
function checkText(value, label, max, required = true) {
  const v = (value ?? '').trim();
  if (required && !v) return t('err.required', { field: label });
  if (v.length > max) return t('err.tooLong', { field: label, max });
  return null;
}

function Dialog({ title, onClose, children, wide }) {
  const ref = useRef(null);
  useEffect(() => {
    const previous = document.activeElement;
    const first = ref.current?.querySelector('input, select, button:not(.dialog-close), textarea');
    (first ?? ref.current)?.focus();
    return () => previous?.focus?.();
  }, []);
  const onKey = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Tab') {
      const items = [...ref.current.querySelectorAll('input, select, button, textarea, [tabindex="0"]')].filter((el) => !el.disabled);
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };
  return (
    <div class="backdrop">
      <div class={'dialog' + (wide ? ' wide' : '')} role="dialog" aria-modal="true" aria-labelledby="dialog-title" ref={ref} tabindex="-1" onKeyDown={onKey}>
        <header>
          <h2 id="dialog-title">{title}</h2>
          <button type="button" class="dialog-close" onClick={onClose} aria-label={t('close')}>×</button>
        </header>
        {children}
      </div>
    </div>
  );
}

// ---------------------------------------------------------------- sign in

function SignIn({ onSignedIn, notice }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(notice ?? null);
  const [busy, setBusy] = useState(false);
  // set once the password was right for a user with two-step sign-in: the code comes next
  const [challenge, setChallenge] = useState(null);
  const [code, setCode] = useState('');

  async function submit(e) {
    e.preventDefault();
    const found = {
      username: checkText(username, t('signin.username'), MAX_TEXT.username),
      password: checkText(password, t('signin.password'), MAX_TEXT.password) ,
    };
    if (password.length > MAX_TEXT.password) found.password = t('err.tooLong', { field: t('signin.password'), max: MAX_TEXT.password });
    setErrors(found);
    if (found.username || found.password) {
      document.getElementById(found.username ? 'username' : 'password')?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await api.login(username.trim(), password);
      await onSignedIn();
    } catch (err) {
      setPassword('');
      if (err instanceof Problem && err.code === 'totp_required' && err.challengeToken) {
        setChallenge(err.challengeToken);
        setCode('');
        setTimeout(() => document.getElementById('totp-code')?.focus(), 0);
        return;
      }
      if (err instanceof Problem && err.status === 401) setFailure(t('signin.wrong'));
      else if (err instanceof Problem && err.status === 429) setFailure(t('signin.locked', { seconds: err.retryAfter ?? '?' }));
      else setFailure(explain(err, { username: t('signin.username') + ':', password: t('signin.password') + ':' }));
      document.getElementById('password')?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(e) {
    e.preventDefault();
    const typed = code.replace(/[\s-]/g, '');
    const error = !typed ? t('err.required', { field: t('signin.code') })
      : /^[0-9]{6}$/.test(typed) || /^[a-z2-7]{10}$/i.test(typed) ? null : t('signin.codeShape');
    setErrors({ code: error });
    if (error) {
      document.getElementById('totp-code')?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await api.loginWithCode(challenge, code.trim());
      await onSignedIn();
    } catch (err) {
      setCode('');
      if (err instanceof Problem && err.code === 'invalid_challenge') {
        setChallenge(null);
        setFailure(t('signin.codeExpired'));
        setTimeout(() => document.getElementById('password')?.focus(), 0);
        return;
      }
      if (err instanceof Problem && err.code === 'totp_code_wrong') setFailure(t('signin.codeWrong'));
      else if (err instanceof Problem && err.status === 429) setFailure(t('signin.locked', { seconds: err.retryAfter ?? '?' }));
      else setFailure(explain(err, { code: t('signin.code') + ':' }));
      document.getElementById('totp-code')?.focus();
    } finally {
      setBusy(false);
    }
  }

  if (challenge) {
    return (
      <main class="centered" id="signin">
        <form class="card" id="signin-code" onSubmit={submitCode} novalidate aria-labelledby="signin-title">
          <h1 id="signin-title">{t('app.title')}</h1>
          <h2>{t('signin.codeTitle')}</h2>
          <p id="totp-intro">{t('signin.codeIntro', { name: username.trim() })}</p>
          {failure && <p class="error banner" role="alert" id="signin-failure">{failure}</p>}
          <Field id="totp-code" label={t('signin.code')} error={errors.code} hint={t('signin.codeHint')}>
            <input id="totp-code" name="one-time-code" autocomplete="one-time-code" inputMode="text" value={code} maxLength={32}
              onInput={(e) => setCode(e.currentTarget.value)} {...described('totp-code', errors.code, t('signin.codeHint'))} />
          </Field>
          <button type="submit" class="primary" disabled={busy}>{busy ? t('signin.busy') : t('signin.codeSubmit')}</button>
          <button type="button" class="link" id="signin-back" onClick={() => { setChallenge(null); setFailure(null); setErrors({}); }}>{t('signin.back')}</button>
        </form>
      </main>
    );
  }

  return (
    <main class="centered" id="signin">
      <form class="card" onSubmit={submit} novalidate aria-labelledby="signin-title">
        <h1 id="signin-title">{t('app.title')}</h1>
        <h2>{t('signin.title')}</h2>
        {failure && <p class="error banner" role="alert" id="signin-failure">{failure}</p>}
        <Field id="username" label={t('signin.username')} error={errors.username}>
          <input id="username" name="username" autocomplete="username" value={username} maxLength={200}
            onInput={(e) => setUsername(e.currentTarget.value)} {...described('username', errors.username)} autofocus />
        </Field>
        <Field id="password" label={t('signin.password')} error={errors.password}>
          <input id="password" name="password" type="password" autocomplete="current-password" value={password} maxLength={500}
            onInput={(e) => setPassword(e.currentTarget.value)} {...described('password', errors.password)} />
        </Field>
        <button type="submit" class="primary" disabled={busy}>{busy ? t('signin.busy') : t('signin.submit')}</button>
      </form>
    </main>
  );
}

// ---------------------------------------------------------------- password change

/**
 * The first admin's generated password must be changed before anything else (the server answers every
 * other call with password_change_required); the server's policy decides, its refusal is shown in words.
 */
function ChangePassword({ onChanged }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    const found = {
      current: checkText(current, t('pwd.current'), MAX_TEXT.password),
      next: checkText(next, t('pwd.new'), MAX_TEXT.password),
    };
    if (!found.next && next !== again) found.again = t('pwd.mismatch');
    setErrors(found);
    const first = ['current', 'next', 'again'].find((k) => found[k]);
    if (first) {
      document.getElementById('pwd-' + first)?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await api.put('/api/v1/me/password', { current_password: current, new_password: next });
      await api.logout().catch(() => {});
      onChanged();
    } catch (err) {
      setFailure(explain(err, { current_password: t('pwd.current') + ':', new_password: t('pwd.new') + ':' }));
      document.getElementById('pwd-current')?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="centered" id="change-password">
      <form class="card" onSubmit={submit} novalidate aria-labelledby="pwd-title">
        <h1 id="pwd-title">{t('pwd.title')}</h1>
        <p>{t('pwd.why')}</p>
        {failure && <p class="error banner" role="alert" id="pwd-failure">{failure}</p>}
        <Field id="pwd-current" label={t('pwd.current')} error={errors.current}>
          <input id="pwd-current" type="password" autocomplete="current-password" value={current} maxLength={500}
            onInput={(e) => setCurrent(e.currentTarget.value)} {...described('pwd-current', errors.current)} autofocus />
        </Field>
        <Field id="pwd-next" label={t('pwd.new')} error={errors.next}>
          <input id="pwd-next" type="password" autocomplete="new-password" value={next} maxLength={500}
            onInput={(e) => setNext(e.currentTarget.value)} {...described('pwd-next', errors.next)} />
        </Field>
        <Field id="pwd-again" label={t('pwd.again')} error={errors.again}>
          <input id="pwd-again" type="password" autocomplete="new-password" value={again} maxLength={500}
            onInput={(e) => setAgain(e.currentTarget.value)} {...described('pwd-again', errors.again)} />
        </Field>
        <button type="submit" class="primary" disabled={busy}>{busy ? t('pwd.busy') : t('pwd.submit')}</button>
      </form>
    </main>
  );
}

// ---------------------------------------------------------------- terminal

function TerminalSetup({ me, onSaved, onDemo }) {
  const [locations, setLocations] = useState(null);
  const [locationId, setLocationId] = useState('');
  const [tills, setTills] = useState(null);
  const [terminals, setTerminals] = useState([]);
  const [terminalId, setTerminalId] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [paper, setPaper] = useState('80');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const manager = me.roles.includes('ADMIN') || me.roles.includes('MANAGER');

  useEffect(() => {
    Promise.all([api.get('/api/v1/locations?limit=200'), S.tillsAvailable()]).then(([page, hasTills]) => {
      const active = (page.items ?? []).filter((l) => l.active);
      setTills(hasTills);
      setLocations(active);
      if (active.length) setLocationId(active[0].id);
    }, (err) => setFailure(explain(err)));
  }, []);

  useEffect(() => {
    if (!tills || !locationId) return;
    S.terminalsOf(locationId).then((list) => {
      setTerminals(list);
      setTerminalId(list[0]?.id ?? '');
    }, (err) => setFailure(explain(err)));
  }, [tills, locationId]);

  async function submit(e) {
    e.preventDefault();
    const location = locations.find((l) => l.id === locationId);
    const found = { location: locationId ? null : t('err.required', { field: t('terminal.location') }) };
    const creating = !tills || !terminalId;
    if (creating) {
      found.name = checkText(name, t('terminal.name'), tills ? MAX_TEXT.name : MAX_TEXT.terminal);
      if (tills) {
        const c = code.trim();
        found.code = !c ? t('err.required', { field: t('terminal.code') })
          : !/^[A-Za-z0-9-]{1,16}$/.test(c) ? t('terminal.badCode') : null;
      }
    }
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const base = { locationId, locationName: location.name, locationCode: location.code, timeZone: location.time_zone };
    if (!tills) {
      onSaved({ ...base, terminalId: null, name: name.trim(), paper });
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const terminal = terminalId ? terminals.find((x) => x.id === terminalId)
        : await S.createTerminal(locationId, code.trim(), name.trim(), paper);
      onSaved({ ...base, terminalId: terminal.id, name: terminal.code, terminalName: terminal.name, paper: String(terminal.paper_width ?? paper) });
    } catch (err) {
      const fields = err instanceof Problem ? err.errors.map((f) => f.field) : [];
      if (fields.includes('code') || err?.code === 'terminal_code_taken') setErrors({ code: explain(err, { code: t('terminal.code') + ':' }) });
      else setFailure(explain(err, { name: t('terminal.name') + ':' }));
    } finally {
      setBusy(false);
    }
  }

  const admin = me.roles.includes('ADMIN');
  const creating = !tills || !terminalId;
  return (
    <main class="centered" id="terminal-setup">
      <form class="card" onSubmit={submit} novalidate>
        <h1>{t('terminal.title')}</h1>
        <p>{t('terminal.intro')}</p>
        {failure && <p class="error banner" role="alert" id="terminal-failure">{failure}</p>}
        {locations && !locations.length && (
          <div class="banner">
            <p>{t('terminal.none')}</p>
            {admin && <DemoButton onDone={onDemo} />}
          </div>
        )}
        {locations && locations.length > 0 && (
          <>
            <Field id="location" label={t('terminal.location')} error={errors.location}>
              <select id="location" value={locationId} onChange={(e) => setLocationId(e.currentTarget.value)}>
                {locations.map((l) => <option value={l.id}>{l.code} · {l.name}</option>)}
              </select>
            </Field>
            {tills && (
              <Field id="terminal" label={t('terminal.existing')}>
                <select id="terminal" value={terminalId} onChange={(e) => setTerminalId(e.currentTarget.value)}>
                  {terminals.map((x) => <option value={x.id}>{x.code} · {x.name}</option>)}
                  {manager && <option value="">{t('terminal.new')}</option>}
                </select>
              </Field>
            )}
            {tills && !terminals.length && !manager && <p class="error" role="alert">{t('terminal.askManager')}</p>}
            {tills && creating && manager && (
              <Field id="terminal-code" label={t('terminal.code')} error={errors.code}>
                <input id="terminal-code" value={code} maxLength={100} placeholder="TILL-1" onInput={(e) => setCode(e.currentTarget.value)}
                  {...described('terminal-code', errors.code)} />
              </Field>
            )}
            {creating && (!tills || manager) && (
              <>
                <Field id="terminal-name" label={t('terminal.name')} error={errors.name}>
                  <input id="terminal-name" value={name} maxLength={300} placeholder={tills ? 'Counter 1' : 'TILL-1'} onInput={(e) => setName(e.currentTarget.value)}
                    {...described('terminal-name', errors.name)} />
                </Field>
                <Field id="paper" label={t('terminal.paper')}>
                  <select id="paper" value={paper} onChange={(e) => setPaper(e.currentTarget.value)}>
                    <option value="80">80 mm</option>
                    <option value="58">58 mm</option>
                  </select>
                </Field>
              </>
            )}
            <button type="submit" class="primary" disabled={busy || (tills && !terminals.length && !manager)}>{t('terminal.save')}</button>
          </>
        )}
      </form>
    </main>
  );
}

function DemoButton({ onDone }) {
  const [state, setState] = useState(null);
  const [failure, setFailure] = useState(null);
  async function load() {
    setFailure(null);
    try {
      const location = await loadDemoShop((step) => setState(step));
      setState('done');
      onDone(location);
    } catch (err) {
      setState(null);
      setFailure(explain(err));
    }
  }
  return (
    <div class="demo">
      <button type="button" id="load-demo" class="primary" onClick={load} disabled={state && state !== 'done'}>
        {state && state !== 'done' ? `${t('demo.loading')} (${state})` : t('demo.load')}
      </button>
      {state === 'done' && <p role="status">{t('demo.done')}</p>}
      {failure && <p class="error" role="alert">{failure}</p>}
    </div>
  );
}

// ---------------------------------------------------------------- the sale screen

function useQuote(cart, terminal) {
  const [quote, setQuote] = useState(null);
  const [error, setError] = useState(null);
  const [pending, setPending] = useState(false);
  const seq = useRef(0);
  const request = useMemo(() => JSON.stringify(C.quoteRequest(cart, terminal.locationId)), [cart, terminal]);
  // a price changed in the back office prices the same cart again
  const body = request + '#' + (cart.prices ?? 0);
  useEffect(() => {
    const mine = ++seq.current;
    if (!cart.lines.length) {
      setQuote(null);
      setError(null);
      setPending(false);
      return;
    }
    setPending(true);
    api.post('/api/v1/sales/quote', JSON.parse(request)).then((q) => {
      if (mine !== seq.current) return;
      setQuote({ ...q, body });
      setError(null);
      setPending(false);
    }, (err) => (offline.unreachable(err) ? offline.quote(JSON.parse(request)).then((q) => ({ ...q, body })) : Promise.reject(err)).then((q) => {
      if (mine !== seq.current) return;
      setQuote(q);
      setError(null);
      setPending(false);
    }, (e) => {
      if (mine !== seq.current) return;
      setError(e);
      setPending(false);
    }));
  }, [body]);
  const fresh = quote && quote.body === body && !pending;
  return { quote: fresh ? quote : null, stale: quote, error, pending };
}

function SaleScreen({ me, terminal, org, onSignOut, onChangeTerminal, notice }) {
  const [cart, setCartState] = useState(() => store.cart.load() ?? C.emptyCart());
  const [message, setMessage] = useState(notice ?? null);
  const [dialog, setDialog] = useState(null);
  const [receipt, setReceipt] = useState(null);
  const [favourites, setFavourites] = useState(null);
  const [parked, setParked] = useState(() => store.parked.load());
  const { quote, stale, error: quoteError, pending } = useQuote(cart, terminal);
  // undefined while asked; null: this terminal has no session that is not closed; false: no tills module
  const [session, setSession] = useState(terminal.terminalId ? undefined : false);
  const [report, setReport] = useState(null);
  const selling = session === false || session?.state === 'OPEN';
  const sellingRef = useRef(selling);
  sellingRef.current = selling;
  const loadSession = useCallback(() => {
    if (!terminal.terminalId) return;
    S.currentSession(terminal.terminalId).then(setSession, (err) => setMessage({ kind: 'error', text: explain(err) }));
  }, [terminal]);
  useEffect(loadSession, [terminal]);
  useEffect(() => { offline.start({ org, terminal, me }); return offline.stop; }, [terminal]);
  const currency = org?.currency ?? 'INR';
  const products = useRef(new Map());
  const scans = useRef(Promise.resolve());
  const cartRef = useRef(cart);
  cartRef.current = cart;

  const setCart = useCallback((next) => {
    const value = typeof next === 'function' ? next(cartRef.current) : next;
    cartRef.current = value;
    store.cart.save(value);
    setCartState(value);
  }, []);
  const favouritesRef = useRef(null);
  favouritesRef.current = favourites;
  const live = useLiveTill(terminal.locationId, (p) => {
    products.current.set(p.id, p);
    for (const code of p.barcodes ?? []) products.current.set('b:' + code, p);
    const shown = (favouritesRef.current ?? []).find((x) => x.id === p.id) ?? cartRef.current.lines.find((l) => l.product.id === p.id)?.product;
    setFavourites((list) => list && list.map((x) => (x.id === p.id ? p : x)));
    setCart((c) => C.withProduct(c, p));
    if (shown && String(shown.price) !== String(p.price)) setMessage({ kind: 'ok', text: t('sale.priceChanged', { name: p.name, price: money(p.price, currency) }) });
  }, [...new Set([...(favourites ?? []).map((p) => p.id), ...cart.lines.map((l) => l.product.id)])]);

  const loadFavourites = useCallback(() => {
    offline.favourites(() => api.get('/api/v1/products?active=true&limit=12')).then((page) => setFavourites(page.items ?? []), () => setFavourites([]));
  }, []);
  useEffect(loadFavourites, []);

  const add = useCallback((product, qty = '1') => {
    products.current.set(product.id, product);
    for (const code of product.barcodes ?? []) products.current.set('b:' + code, product);
    setCart((c) => C.addProduct(c, product, qty));
    setMessage({ kind: 'ok', text: t('sale.scanned', { name: product.name }) });
  }, []);

  const scan = useCallback((code) => {
    window.__kassaScanStart = performance.now();
    scans.current = scans.current.then(async () => {
      const known = products.current.get('b:' + code);
      if (known) {
        add(known);
        return;
      }
      try {
        add(await offline.byBarcode(() => api.get('/api/v1/products/by-barcode/' + encodeURIComponent(code)), code));
      } catch (err) {
        if (err instanceof Problem && err.status === 404) setMessage({ kind: 'error', text: t('sale.notFound', { code }) });
        else setMessage({ kind: 'error', text: explain(err) });
      }
    });
  }, [add]);

  const scanner = useMemo(() => createScanner({ onScan: (code) => scan(code) }), [scan]);

  const openPay = () => {
    if (!cartRef.current.lines.length) return;
    setDialog({ type: 'tender' });
  };

  const park = () => {
    const c = cartRef.current;
    if (!c.lines.length) return;
    const label = c.customer?.name ?? new Date().toLocaleTimeString('en-IN', { hour: '2-digit', minute: '2-digit' });
    const next = [...store.parked.load(), { ...c, label }];
    store.parked.save(next);
    setParked(next);
    setCart(C.emptyCart());
    setMessage({ kind: 'ok', text: t('sale.parked', { label }) });
  };

  // the keys are read by the latest render's handler: an effect that re-binds after each change would leave,
  // between the render that closed a dialog and the effect after it, a moment when keys still meet the old
  // handler and are dropped (a Delete pressed just after the line form closed was lost on a busy machine)
  const onKey = (e) => {
    if (receipt || report || !sellingRef.current) return;
    // a dialog's fields take what is typed, however fast (a phone number typed quickly is no scan)
    if (dialog) return;
    if (scanner.key(e)) {
      e.preventDefault();
      return;
    }
    const editable = isEditable(e.target);
    const last = cartRef.current.lines.length - 1;
    switch (e.key) {
      case 'F2':
        e.preventDefault();
        document.getElementById('search')?.focus();
        break;
      case 'F4':
        e.preventDefault();
        setDialog({ type: 'customer' });
        break;
      case 'F6':
        e.preventDefault();
        park();
        break;
      case 'F7':
        e.preventDefault();
        setDialog({ type: 'recall' });
        break;
      case 'F9':
        e.preventDefault();
        openPay();
        break;
      case 'F8':
        e.preventDefault();
        setDialog({ type: 'return' });
        break;
      case '+':
        if (!editable && last >= 0) {
          e.preventDefault();
          setCart((c) => C.changeQuantity(c, last, 1));
        }
        break;
      case '-':
        if (!editable && last >= 0) {
          e.preventDefault();
          setCart((c) => C.changeQuantity(c, last, -1));
        }
        break;
      case 'Delete':
        if (!editable && last >= 0) {
          e.preventDefault();
          setCart((c) => C.removeLine(c, last));
        }
        break;
      default:
    }
  };
  const keys = useRef(onKey);
  keys.current = onKey;
  useLayoutEffect(() => {
    const listener = (e) => keys.current(e);
    document.addEventListener('keydown', listener, true);
    return () => document.removeEventListener('keydown', listener, true);
  }, []);

  const lineError = (index) => {
    if (!quoteError || !(quoteError instanceof Problem)) return null;
    const mine = quoteError.errors.some((e) => e.field?.startsWith(`lines[${index}]`));
    return mine ? explain(quoteError) : null;
  };
  const generalQuoteError = quoteError && !cart.lines.some((_, i) => lineError(i)) ? explain(quoteError) : null;

  if (report) {
    return (
      <main class="receipt-screen" id="report-screen">
        <div class="buttons no-print">
          <button type="button" class="primary big" id="report-done" autofocus onClick={() => { setReport(null); loadSession(); }}>{t('session.done')}</button>
          <button type="button" id="report-print" onClick={() => window.print()}>{t('receipt.print')}</button>
        </div>
        {report.note && <p class="banner" role="status">{report.note}</p>}
        {report.figures && <S.TillReportView report={report.figures} terminal={terminal} id={report.figures.kind === 'Z' ? 'z-report' : 'x-report'} />}
      </main>
    );
  }

  if (receipt) {
    return <Receipt sale={receipt} terminal={terminal} org={org} me={me} onNext={() => { setReceipt(null); setMessage(null); loadFavourites(); }} />;
  }

  const figures = quote ?? null;
  return (
    <div class="till">
      <header class="topbar">
        <span class="brand">{t('app.title')}</span>
        <span class="where" id="where">{terminal.locationCode} · {terminal.name}</span>
        <span class="who">{me.display_name}</span>
        <LiveState state={live.state} />
        {(me.roles.includes('ADMIN') || me.roles.includes('MANAGER')) && <a href="#/dashboard" class="nav-link" id="to-dashboard">{t('dash.title')}</a>}
        <button type="button" class="link" onClick={onChangeTerminal}>{t('terminal.change')}</button>
        <button type="button" class="link" id="sign-out" onClick={onSignOut}>{t('signout')}</button>
      </header>
      {session && (
        <nav class="sessionbar" aria-label={t('session.title')} id="session-bar">
          <span id="session-state">{t('session.state.' + session.state, { time: dateTime(session.opened_at, terminal.timeZone) })}</span>
          {session.state === 'OPEN' && ['paid-in', 'paid-out', 'drops', 'no-sale'].map((kind) => (
            <button type="button" id={'session-' + kind} onClick={() => setDialog({ type: 'movement', kind })}>{t('session.' + kind)}</button>
          ))}
          {session.state === 'OPEN' && <button type="button" id="session-x" onClick={async () => {
            try { setReport({ figures: await S.xReport(session) }); } catch (err) { setMessage({ kind: 'error', text: explain(err) }); }
          }}>{t('session.x')}</button>}
          {session.state === 'OPEN' && <button type="button" id="session-close" onClick={() => offline.beforeClose().then((why) => (why ? setMessage({ kind: 'error', text: why }) : setDialog({ type: 'close' })))}>{t('session.close')}</button>}
        </nav>
      )}
      {session === null && (
        <main class="centered" id="no-session">
          <S.OpenSession terminal={terminal} currency={currency} Field={Field} described={described} onOpened={(x) => { setSession(x); setMessage(null); }} />
        </main>
      )}
      {session?.state === 'CLOSING' && (
        <main class="centered" id="session-closing">
          <div class="card"><p role="status">{t('session.closing')}</p><button type="button" onClick={loadSession}>{t('session.done')}</button></div>
        </main>
      )}
      {selling && <main class="sale" id="sale">
        <section class="catalog" aria-label={t('sale.favourites')}>
          <Search onPick={(p) => add(p)} onScanText={scan} />
          {message && <p class={'message ' + message.kind} role={message.kind === 'error' ? 'alert' : 'status'} id="sale-message">{message.text}</p>}
          <h2>{t('sale.favourites')}</h2>
          {favourites && !favourites.length && (
            <div class="banner" id="first-run">
              <h3>{t('demo.title')}</h3>
              <p>{t('demo.intro')}</p>
              {me.roles.includes('ADMIN') && <DemoButton onDone={loadFavourites} />}
            </div>
          )}
          <div class="grid" id="favourites">
            {(favourites ?? []).map((p) => (
              <button type="button" class="tile" onClick={() => add(p)} data-sku={p.sku}>
                <span class="tile-name">{p.name}</span>
                <span class="tile-price">{money(p.price, currency)}</span>
                <StockNote stock={live.stock} id={p.id} />
              </button>
            ))}
          </div>
          <p class="hint keys">{t('keys.help')}</p>
        </section>
        <section class="cart" aria-labelledby="cart-title">
          <h2 id="cart-title">{t('sale.cart')}</h2>
          <div class="customer-line">
            <button type="button" id="customer-button" onClick={() => setDialog({ type: 'customer' })}>{t('sale.customer')}</button>
            <span id="customer-name">{cart.customer ? `${cart.customer.name} · ${cart.customer.phone ?? ''}` : t('sale.noCustomer')}</span>
          </div>
          {!cart.lines.length ? <p class="empty" id="cart-empty">{t('sale.empty')}</p> : (
            <table class="lines" id="cart-lines">
              <thead>
                <tr><th scope="col">{t('sale.product')}</th><th scope="col" class="num">{t('sale.qty')}</th><th scope="col" class="num">{t('sale.price')}</th><th scope="col" class="num">{t('sale.lineTotal')}</th><th scope="col"><span class="sr-only">{t('sale.edit')}</span></th></tr>
              </thead>
              <tbody>
                {cart.lines.map((line, i) => {
                  const priced = figures?.lines?.[i];
                  const err = lineError(i);
                  return (
                    <>
                      <tr key={line.key} class={'line' + (err ? ' invalid' : '')} data-sku={line.product.sku}>
                        <td>{line.product.name}{line.discount ? <span class="tag"> −{money(line.discount, currency)}</span> : null}</td>
                        <td class="num qty">{quantity(line.quantity)}</td>
                        <td class="num">{money(line.unitPrice ?? line.product.price, currency)}</td>
                        <td class="num line-total">{priced ? money(priced.total, currency) : '…'}</td>
                        <td class="actions">
                          <button type="button" class="small" onClick={() => setDialog({ type: 'line', index: i })} aria-label={t('line.title', { name: line.product.name })}>✎</button>
                          <button type="button" class="small danger" onClick={() => setCart((c) => C.removeLine(c, i))} aria-label={t('sale.remove', { name: line.product.name })}>×</button>
                        </td>
                      </tr>
                      {err && <tr class="line-error"><td colSpan={5} class="error" role="alert">{err}</td></tr>}
                    </>
                  );
                })}
              </tbody>
            </table>
          )}
          <dl class="totals" id="totals" aria-live="polite">
            <dt>{t('sale.subtotal')}</dt><dd id="subtotal">{figures ? money(figures.subtotal, currency) : '—'}</dd>
            <dt>{t('sale.discounts')}</dt><dd>{figures ? money(figures.discount_total, currency) : '—'}</dd>
            <dt>{t('sale.tax')}</dt><dd id="tax">{figures ? money(figures.tax_total, currency) : '—'}</dd>
            <dt class="grand">{t('sale.total')}</dt><dd class="grand" id="total">{figures ? money(figures.total, currency) : cart.lines.length ? t('sale.pricing') : '—'}</dd>
          </dl>
          {generalQuoteError && <p class="error" role="alert" id="quote-error">{generalQuoteError}</p>}
          <div class="buttons">
            <button type="button" class="primary big" id="pay" onClick={openPay} disabled={!figures}>{t('sale.pay')}</button>
            <button type="button" id="park" onClick={park} disabled={!cart.lines.length}>{t('sale.park')}</button>
            <button type="button" id="recall" onClick={() => setDialog({ type: 'recall' })}>{t('sale.recall')} {parked.length ? `(${parked.length})` : ''}</button>
            <button type="button" class="danger" id="clear-cart" onClick={() => setCart(C.emptyCart())} disabled={!cart.lines.length}>{t('sale.clear')}</button>
            <button type="button" id="return-open" onClick={() => setDialog({ type: 'return' })}>{t('return.open')}</button>
          </div>
        </section>
      </main>}
      {dialog?.type === 'movement' && session && (
        <Dialog title={t('session.' + dialog.kind)} onClose={() => setDialog(null)}>
          <S.MovementDialog kind={dialog.kind} session={session} currency={currency} Field={Field} described={described}
            onDone={(text) => { setDialog(null); setMessage({ kind: 'ok', text }); }} />
        </Dialog>
      )}
      {dialog?.type === 'close' && session && (
        <Dialog title={t('session.closeTitle')} onClose={() => setDialog(null)}>
          <S.CloseDialog session={session} currency={currency} Field={Field} described={described}
            onClosed={async (answer) => {
              // the close answers the session and, once CLOSED, its Z report
              const closed = answer.session ?? answer;
              setDialog(null);
              offline.closed(terminal.terminalId);
              if (answer.z_report?.report) {
                setReport({ figures: answer.z_report.report });
                setSession(null);
              } else if (closed.state === 'CLOSED') {
                try { setReport({ figures: await S.zReport(closed) }); } catch (err) { setReport({ note: explain(err) }); }
                setSession(null);
              } else {
                setSession(closed);
              }
            }} />
        </Dialog>
      )}
      {dialog?.type === 'line' && cart.lines[dialog.index] && (
        <LineDialog cart={cart} index={dialog.index} terminal={terminal} currency={currency}
          onApply={(next) => { setCart(next); setDialog(null); }} onClose={() => setDialog(null)} />
      )}
      {dialog?.type === 'customer' && (
        <CustomerDialog cart={cart} onAttach={(c) => { setCart((x) => C.withCustomer(x, c)); setDialog(null); }} onClose={() => setDialog(null)} />
      )}
      {dialog?.type === 'recall' && (
        <RecallDialog parked={parked} currency={currency}
          onTake={(i) => {
            const list = store.parked.load();
            const [taken] = list.splice(i, 1);
            const current = cartRef.current;
            if (current.lines.length) list.push({ ...current, label: current.customer?.name ?? new Date().toLocaleTimeString('en-IN') });
            store.parked.save(list);
            setParked(list);
            const { label, ...cartOnly } = taken;
            setCart(cartOnly);
            setDialog(null);
          }}
          onDrop={(i) => { const list = store.parked.load(); list.splice(i, 1); store.parked.save(list); setParked(list); }}
          onClose={() => setDialog(null)} />
      )}
      {dialog?.type === 'return' && (
        <ReturnDialog terminal={terminal} currency={currency} Field={Field} described={described} Dialog={Dialog}
          onDone={(text) => { setDialog(null); setMessage({ kind: 'ok', text }); }} onClose={() => setDialog(null)} />
      )}
      {dialog?.type === 'tender' && figures && (
        <TenderDialog cart={cart} quote={figures} terminal={terminal} currency={currency}
          onDone={(sale) => { setDialog(null); setCart(C.emptyCart()); setReceipt({ ...sale, customer_name: cart.customer?.name }); }}
          onClose={() => setDialog(null)} />
      )}
    </div>
  );
}

function Search({ onPick, onScanText }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState(null);
  const seq = useRef(0);

  useEffect(() => {
    const text = q.trim();
    const mine = ++seq.current;
    if (text.length < 2) {
      setResults([]);
      setError(null);
      return;
    }
    if (text.length > MAX_TEXT.search) {
      setError(t('err.tooLong', { field: t('sale.search'), max: MAX_TEXT.search }));
      setResults([]);
      return;
    }
    const timer = setTimeout(async () => {
      try {
        const page = await offline.search(() => api.get('/api/v1/products?active=true&limit=8&q=' + encodeURIComponent(text)), text);
        let items = page.items ?? [];
        if (!items.length && /^[\x21-\x7e]+$/.test(text)) {
          try {
            items = [await api.get('/api/v1/products/by-sku/' + encodeURIComponent(text))];
          } catch {
            items = [];
          }
        }
        if (mine !== seq.current) return;
        setResults(items);
        setActive(0);
        setError(items.length ? null : t('sale.noMatch', { q: text }));
      } catch (err) {
        if (mine === seq.current) setError(explain(err));
      }
    }, 120);
    return () => clearTimeout(timer);
  }, [q]);

  function pick(p) {
    onPick(p);
    setQ('');
    setResults([]);
  }

  function onKey(e) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (/^[0-9]{4,}$/.test(q.trim())) {
        onScanText(q.trim());
        setQ('');
      } else if (results[active]) {
        pick(results[active]);
      }
    } else if (e.key === 'Escape') {
      setQ('');
      setResults([]);
      e.currentTarget.blur();
    }
  }

  return (
    <div class="search">
      <label for="search">{t('sale.search')}</label>
      <input id="search" type="search" value={q} autocomplete="off" maxLength={500} role="combobox"
        aria-expanded={results.length > 0} aria-controls="search-results" aria-autocomplete="list"
        aria-activedescendant={results.length ? `result-${active}` : undefined}
        placeholder={t('sale.searchHint')} onInput={(e) => setQ(e.currentTarget.value)} onKeyDown={onKey}
        {...(error ? { 'aria-describedby': 'search-error' } : {})} />
      {error && <p class="error" id="search-error" role="alert">{error}</p>}
      {results.length > 0 && (
        <ul id="search-results" role="listbox" aria-label={t('sale.search')}>
          {results.map((p, i) => (
            <li id={`result-${i}`} role="option" aria-selected={i === active} class={i === active ? 'active' : ''}
              onMouseDown={(e) => { e.preventDefault(); pick(p); }}>
              <span>{p.name}</span> <span class="sku">{p.sku}</span> <span class="num">{money(p.price)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function LineDialog({ cart, index, terminal, currency, onApply, onClose }) {
  const line = cart.lines[index];
  const decimals = unitDecimals(line.product.unit);
  const [qty, setQty] = useState(line.quantity);
  const [price, setPrice] = useState(line.unitPrice ?? '');
  const [discount, setDiscount] = useState(line.discount ?? '');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    const q = parseDecimal(qty, { decimals, max: 1e9 });
    const p = parseDecimal(price, { decimals: 2, allowZero: true, required: false, max: 1e9 });
    const d = parseDecimal(discount, { decimals: 2, allowZero: true, required: false, max: 1e11 });
    const name = (key, err) => (err.error ? t(err.error, { field: t(key), n: err.n }) : null);
    const found = { qty: name('sale.qty', q), price: name('sale.price', p), discount: name('sale.discount', d) };
    setErrors(found);
    if (found.qty || found.price || found.discount) return;
    const next = C.updateLine(cart, index, {
      quantity: q.value,
      unitPrice: p.value === null || Number(p.value) === Number(line.product.price) ? null : p.value,
      discount: d.value === null || Number(d.value) === 0 ? null : d.value,
    });
    setBusy(true);
    setFailure(null);
    try {
      // the server decides: an override beyond the cashier's limit or a discount above the line is refused here
      await api.post('/api/v1/sales/quote', C.quoteRequest(next, terminal.locationId));
      onApply(next);
    } catch (err) {
      const fields = err instanceof Problem ? err.errors.map((x) => x.field) : [];
      const text = explain(err);
      if (fields.some((f) => f?.endsWith('.unit_price'))) setErrors({ price: text });
      else if (fields.some((f) => f?.endsWith('.discount')) || err?.code === 'discount_too_large') setErrors({ discount: text });
      else if (fields.some((f) => f?.endsWith('.quantity'))) setErrors({ qty: text });
      else setFailure(text);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('line.title', { name: line.product.name })} onClose={onClose}>
      <form onSubmit={submit} novalidate id="line-form">
        {failure && <p class="error banner" role="alert">{failure}</p>}
        <Field id="line-qty" label={t('line.qty', { unit: t('unit.' + line.product.unit) })} error={errors.qty}>
          <input id="line-qty" inputMode="decimal" value={qty} maxLength={40} onInput={(e) => setQty(e.currentTarget.value)} {...described('line-qty', errors.qty)} />
        </Field>
        <Field id="line-price" label={t('line.price', { price: money(line.product.price, currency) })} error={errors.price}>
          <input id="line-price" inputMode="decimal" value={price} maxLength={40} onInput={(e) => setPrice(e.currentTarget.value)} {...described('line-price', errors.price)} />
        </Field>
        <Field id="line-discount" label={t('line.discount')} error={errors.discount}>
          <input id="line-discount" inputMode="decimal" value={discount} maxLength={40} onInput={(e) => setDiscount(e.currentTarget.value)} {...described('line-discount', errors.discount)} />
        </Field>
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>{t('line.apply')}</button>
          <button type="button" onClick={onClose}>{t('cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}

function CustomerDialog({ cart, onAttach, onClose }) {
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [found, setFound] = useState(null);
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);

  function phoneError() {
    const p = phone.trim();
    if (!p) return t('err.required', { field: t('customer.phone') });
    if (p.length > MAX_TEXT.phone) return t('err.tooLong', { field: t('customer.phone'), max: MAX_TEXT.phone });
    const digits = p.replace(/\D/g, '');
    if (!/^[0-9+()\s.-]+$/.test(p) || digits.length < 6 || digits.length > 15) return t('err.phone');
    return null;
  }

  async function find(e) {
    e.preventDefault();
    const err = phoneError();
    setErrors({ phone: err });
    setFound(null);
    setFailure(null);
    if (err) return;
    setBusy(true);
    try {
      const page = await offline.customers(() => api.get('/api/v1/customers?limit=5&phone=' + encodeURIComponent(phone.trim())), phone.trim());
      setFound(page.items ?? []);
      if (!(page.items ?? []).length) setTimeout(() => document.getElementById('customer-new-name')?.focus(), 0);
    } catch (x) {
      setErrors({ phone: explain(x, { phone: t('customer.phone') + ':' }) });
    } finally {
      setBusy(false);
    }
  }

  async function create(e) {
    e.preventDefault();
    const errs = { phone: phoneError(), name: checkText(name, t('customer.name'), MAX_TEXT.name) };
    setErrors(errs);
    if (errs.phone || errs.name) return;
    setBusy(true);
    try {
      onAttach(await api.post('/api/v1/customers', { name: name.trim(), phone: phone.trim() }, { idempotent: true }));
    } catch (x) {
      const fields = x instanceof Problem ? x.errors.map((f) => f.field) : [];
      if (fields.includes('phone') || x?.code === 'phone_taken') setErrors({ phone: explain(x, { phone: t('customer.phone') + ':' }) });
      else if (fields.includes('name')) setErrors({ name: explain(x, { name: t('customer.name') + ':' }) });
      else setFailure(explain(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('customer.title')} onClose={onClose}>
      {cart.customer && (
        <p>{cart.customer.name} · {cart.customer.phone} <button type="button" onClick={() => onAttach(null)}>{t('customer.detach')}</button></p>
      )}
      <form onSubmit={find} novalidate id="customer-find">
        <Field id="customer-phone" label={t('customer.phone')} error={errors.phone}>
          <input id="customer-phone" type="tel" value={phone} maxLength={100} autocomplete="off" onInput={(e) => setPhone(e.currentTarget.value)} {...described('customer-phone', errors.phone)} />
        </Field>
        <button type="submit" disabled={busy}>{t('customer.find')}</button>
      </form>
      {failure && <p class="error" role="alert">{failure}</p>}
      {found && found.length > 0 && (
        <ul class="choices" id="customer-results">
          {found.map((c) => <li><button type="button" onClick={() => onAttach(c)}>{t('customer.attach')}: {c.name} · {c.phone}</button></li>)}
        </ul>
      )}
      {found && found.length === 0 && (
        <form onSubmit={create} novalidate id="customer-create">
          <p role="status">{t('customer.notFound')}</p>
          <Field id="customer-new-name" label={t('customer.name')} error={errors.name}>
            <input id="customer-new-name" value={name} maxLength={500} onInput={(e) => setName(e.currentTarget.value)} {...described('customer-new-name', errors.name)} />
          </Field>
          <button type="submit" class="primary" disabled={busy}>{t('customer.create')}</button>
        </form>
      )}
    </Dialog>
  );
}

function RecallDialog({ parked, currency, onTake, onDrop, onClose }) {
  return (
    <Dialog title={t('recall.title')} onClose={onClose}>
      {!parked.length && <p>{t('sale.nothingParked')}</p>}
      <ul class="choices" id="parked-list">
        {parked.map((p, i) => (
          <li>
            <span>{t('recall.item', { label: p.label, count: p.lines.length })}</span>
            <button type="button" class="primary" onClick={() => onTake(i)}>{t('recall.take')}</button>
            <button type="button" class="danger" onClick={() => onDrop(i)}>{t('recall.drop')}</button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

function TenderDialog({ cart, quote, terminal, currency, onDone, onClose }) {
  const total = quote.total;
  const [payments, setPayments] = useState([]);
  const [method, setMethod] = useState('CASH');
  const [amount, setAmount] = useState(String(total));
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(C.newKey());
  const state = C.tenderState(payments, total);

  function entered() {
    const a = parseDecimal(amount, { decimals: 2, max: 1e12 });
    if (a.error) return { error: t(a.error, { field: t('tender.amount'), n: a.n }) };
    if (reference.length > MAX_TEXT.reference) return { error: t('err.tooLong', { field: t('tender.reference'), max: MAX_TEXT.reference }) };
    return { payment: { method, amount: a.value, reference: reference.trim() || undefined } };
  }

  function addPayment(e) {
    e?.preventDefault();
    const x = entered();
    if (x.error) {
      setErrors({ amount: x.error });
      return null;
    }
    setErrors({});
    const next = [...payments, x.payment];
    setPayments(next);
    const after = C.tenderState(next, total);
    setAmount(after.remaining === '0.00' ? '' : after.remaining);
    setReference('');
    return next;
  }

  async function finish(e) {
    e?.preventDefault();
    let list = payments;
    if (amount.trim() !== '' || !payments.length) {
      list = addPayment();
      if (!list) return;
    }
    const s = C.tenderState(list, total);
    if (s.nonCashOver) {
      setFailure(t('tender.over', { paid: money(s.paid, currency), total: money(total, currency) }));
      return;
    }
    if (!s.complete) {
      setFailure(t('tender.short', { paid: money(s.paid, currency), total: money(total, currency), left: money(s.remaining, currency) }));
      return;
    }
    setBusy(true);
    setFailure(null);
    const body = {
      location_id: terminal.locationId,
      terminal_id: terminal.terminalId ?? terminal.name,
      ...(cart.customer ? { customer_id: cart.customer.id } : {}),
      lines: C.requestLines(cart),
      payments: C.salePayments(list, total),
      total,
    };
    try {
      onDone(await api.post('/api/v1/sales', body, { idempotent: true, key: key.current })
        .catch((e) => (offline.unreachable(e) ? offline.sellOffline(body, key.current) : Promise.reject(e))));
    } catch (err) {
      if (err instanceof Problem) key.current = C.newKey();
      setFailure(explain(err, {}, Object.fromEntries(cart.lines.map((l) => [l.product.id, l.product.name]))));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('tender.title')} onClose={onClose} wide>
      <p class="due">{t('tender.due')}: <strong id="tender-total">{money(total, currency)}</strong></p>
      {payments.length > 0 && (
        <ul class="payments" id="payments">
          {payments.map((p, i) => (
            <li>{t('method.' + p.method)} {money(p.amount, currency)} {p.reference ?? ''}
              <button type="button" class="small danger" aria-label={t('tender.removePayment', { n: i + 1 })} onClick={() => setPayments(payments.filter((_, j) => j !== i))}>×</button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={finish} novalidate id="tender-form">
        <fieldset class="methods">
          <legend>{t('tender.method')}</legend>
          {['CASH', 'CARD', 'UPI'].map((m) => (
            <label class={'method' + (method === m ? ' chosen' : '')}>
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} id={'method-' + m} />
              {t('method.' + m)}
            </label>
          ))}
        </fieldset>
        <Field id="tender-amount" label={method === 'CASH' ? t('tender.tendered') : t('tender.amount')} error={errors.amount}>
          <input id="tender-amount" inputMode="decimal" value={amount} maxLength={40} onInput={(e) => setAmount(e.currentTarget.value)} {...described('tender-amount', errors.amount)} />
        </Field>
        {method !== 'CASH' && (
          <Field id="tender-reference" label={t('tender.reference')}>
            <input id="tender-reference" value={reference} maxLength={200} onInput={(e) => setReference(e.currentTarget.value)} />
          </Field>
        )}
        <p>{t('tender.remaining')}: <strong id="tender-remaining">{money(state.remaining, currency)}</strong>
          {' · '}{t('tender.change')}: <strong id="tender-change">{money(C.tenderState([...payments, ...(entered().payment ? [entered().payment] : [])], total).change, currency)}</strong></p>
        {failure && <p class="error banner" role="alert" id="tender-failure">{failure}</p>}
        <div class="buttons">
          <button type="submit" class="primary big" id="complete" disabled={busy}>{busy ? t('tender.busy') : t('tender.finish')}</button>
          <button type="button" id="add-payment" onClick={addPayment} disabled={busy}>{t('tender.add')}</button>
          <button type="button" onClick={onClose}>{t('cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}

function Receipt({ sale, terminal, org, me, onNext }) {
  const currency = sale.currency;
  const ref = useRef(null);
  // bound before the receipt is painted (a layout effect), so an Enter pressed as soon as it shows is not lost
  useLayoutEffect(() => {
    ref.current?.focus();
    function onKey(e) {
      if (isEditable(e.target) || e.target.closest?.('#send-form')) {
        if (e.key === 'Escape') e.target.blur();
        return;
      }
      if (e.key === 'Enter' || e.key === 'Escape') {
        e.preventDefault();
        onNext();
      } else if (e.key === 'p' || e.key === 'P') {
        e.preventDefault();
        window.print();
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <main class="receipt-screen" id="receipt-screen">
      <div class="buttons no-print">
        <button type="button" class="primary big" id="next-customer" ref={ref} onClick={onNext}>{t('receipt.next')}</button>
        <button type="button" id="print" onClick={() => window.print()}>{t('receipt.print')}</button>
      </div>
      {sale.offline ? <p class="banner no-print" role="status" id="offline-receipt">{t('offline.receipt')}</p> : <SendReceipt sale={sale} />}
      {Number(sale.change_due) > 0 && <p class="change no-print" id="change-due">{t('receipt.change', { amount: money(sale.change_due, currency) })}</p>}
      <article class={'receipt paper-' + terminal.paper} id="receipt" aria-label={t('receipt.title')}>
        <h1>{org?.trade_name ?? org?.legal_name ?? 'Kassa'}</h1>
        <p class="center">{terminal.locationName}</p>
        <p class="center" id="receipt-number">{t('receipt.number', { number: sale.number })}</p>
        <p class="center">{dateTime(sale.created_at, terminal.timeZone)} · {terminal.name} · {me.display_name}</p>
        {sale.customer_name && <p class="center" id="receipt-customer">{t('receipt.customer', { name: sale.customer_name })}</p>}
        <table>
          <tbody>
            {sale.lines.map((l) => (
              <tr>
                <td>{l.name}<br /><span class="small">{quantity(l.quantity)} × {money(l.unit_price, currency)}</span></td>
                <td class="num">{money(l.total, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl>
          <dt>{t('sale.subtotal')}</dt><dd>{money(sale.subtotal, currency)}</dd>
          {Number(sale.discount_total) > 0 && <><dt>{t('sale.discounts')}</dt><dd>−{money(sale.discount_total, currency)}</dd></>}
          {Number(sale.cgst) > 0 && <><dt>CGST</dt><dd>{money(sale.cgst, currency)}</dd><dt>SGST</dt><dd>{money(sale.sgst, currency)}</dd></>}
          {Number(sale.igst) > 0 && <><dt>IGST</dt><dd>{money(sale.igst, currency)}</dd></>}
          <dt class="grand">{t('sale.total')}</dt><dd class="grand" id="receipt-total">{money(sale.total, currency)}</dd>
          {sale.payments.map((p) => <><dt>{t('method.' + p.method)}</dt><dd>{money(p.tendered ?? p.amount, currency)}</dd></>)}
          {Number(sale.change_due) > 0 && <><dt>{t('tender.change')}</dt><dd>{money(sale.change_due, currency)}</dd></>}
        </dl>
        <p class="center">{t('receipt.thanks')}</p>
      </article>
    </main>
  );
}

function SendReceipt({ sale }) {
  const [channel, setChannel] = useState('WHATSAPP');
  const [to, setTo] = useState('');
  const [error, setError] = useState(null);
  const [status, setStatus] = useState(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(C.newKey());

  async function send(e) {
    e.preventDefault();
    const v = to.trim();
    setStatus(null);
    if (v.length > 254) return setError(t('err.tooLong', { field: t('send.to'), max: 254 }));
    if (v && channel === 'EMAIL' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) return setError(t('send.badEmail'));
    if (v && channel === 'WHATSAPP' && !/^[0-9+()\s.-]{6,32}$/.test(v)) return setError(t('err.phone'));
    if (!v && !sale.customer_id) return setError(t('send.needTo'));
    setError(null);
    setBusy(true);
    try {
      await api.post(`/api/v1/sales/${sale.id}/send`, { channel, ...(v ? { to: v } : {}) }, { idempotent: true, key: key.current });
      setStatus(t('send.queued'));
      key.current = C.newKey();
    } catch (err) {
      setError(explain(err, { to: t('send.to') + ':' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="send no-print" id="send-form" onSubmit={send} novalidate>
      <label for="send-channel">{t('send.channel')}</label>
      <select id="send-channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value)}>
        <option value="WHATSAPP">WhatsApp</option>
        <option value="EMAIL">{t('send.email')}</option>
      </select>
      <label for="send-to">{t('send.to')}</label>
      <input id="send-to" value={to} maxLength={400} placeholder={sale.customer_id ? t('send.customer') : ''}
        onInput={(e) => setTo(e.currentTarget.value)} {...described('send-to', error)} />
      <button type="submit" disabled={busy}>{t('send.submit')}</button>
      {error && <p class="error" id="send-to-error" role="alert">{error}</p>}
      {status && <p role="status" id="send-status">{status}</p>}
    </form>
  );
}

// ---------------------------------------------------------------- the application

function App() {
  const [phase, setPhase] = useState('boot');
  const [me, setMe] = useState(null);
  const [org, setOrg] = useState(null);
  const [terminal, setTerminal] = useState(() => store.terminal.load());
  const [notice, setNotice] = useState(null);
  const [route, setRoute] = useState(() => location.hash);

  useEffect(() => {
    const follow = () => setRoute(location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  async function afterSignIn() {
    const user = await api.get('/api/v1/me');
    setMe(user);
    try {
      setOrg(await api.get('/api/v1/organization'));
    } catch (err) {
      if (err instanceof Problem && err.code === 'password_change_required') {
        setPhase('password');
        return;
      }
      if (err instanceof Problem && err.code === 'totp_enrolment_required') {
        setPhase('two-step');
        return;
      }
      setOrg(null);
    }
    const saved = store.terminal.load();
    const needsTerminal = !saved || (!saved.terminalId && await S.tillsAvailable().catch(() => false));
    setPhase(needsTerminal ? 'terminal' : 'sale');
  }

  useEffect(() => {
    api.onSessionEnd((reason) => {
      setNotice(t('signin.expired', { reason: reason ?? '' }));
      setPhase('signin');
    });
    if (api.hasRefreshToken()) {
      api.refresh().then(afterSignIn).catch(() => setPhase('signin'));
    } else {
      setPhase('signin');
    }
  }, []);

  useEffect(() => {
    document.title = t('app.title');
  }, []);

  if (phase === 'boot') return <main class="centered"><p role="status">…</p></main>;
  if (phase === 'signin') return <SignIn notice={notice} onSignedIn={() => { setNotice(null); return afterSignIn(); }} />;
  if (phase === 'password') {
    return <ChangePassword onChanged={() => { setNotice(t('pwd.done')); setPhase('signin'); }} />;
  }
  if (phase === 'two-step') {
    return (
      <main class="centered" id="two-step-required">
        <div class="card wide-card">
          <h1>{t('totp.requiredTitle')}</h1>
          <p>{t('totp.requiredWhy')}</p>
          <TwoStepSetup onDone={async () => { await api.logout().catch(() => {}); setNotice(t('totp.signInAgain')); setPhase('signin'); }} />
        </div>
      </main>
    );
  }
  if (screenOf(route)) {
    // a screen may say why (two-step sign-in turned on or off ends the sessions); a click passes its event
    const signOut = async (why) => { await api.logout(); setMe(null); setNotice(typeof why === 'string' ? why : null); setPhase('signin'); };
    return <BackOffice route={route} me={me} org={org} onOrgChanged={setOrg} onSignOut={signOut} onTill={() => setRoute('#/')} />;
  }
  if (phase === 'terminal') {
    return <TerminalSetup me={me} onDemo={() => setPhase('terminal-reload')}
      onSaved={(x) => { store.terminal.save(x); setTerminal(x); setPhase('sale'); }} />;
  }
  if (phase === 'terminal-reload') {
    setTimeout(() => setPhase('terminal'), 0);
    return null;
  }
  const restored = store.cart.load()?.lines?.length ? { kind: 'ok', text: t('sale.restored') } : null;
  return (
    <SaleScreen me={me} org={org} terminal={terminal} notice={restored}
      onSignOut={async () => { await api.logout(); setMe(null); setPhase('signin'); }}
      onChangeTerminal={() => setPhase('terminal')} />
  );
}

render(<App />, document.getElementById('app'));
