// Kassa's own API, same origin. The access token lives in memory only; the refresh token in this tab's
// sessionStorage, so a reload keeps the cashier signed in and closing the tab signs out. A 401 renews
// the pair once with the refresh token and repeats the request.
import { Problem } from './problems.js';
import { newKey } from './cart.js';

const REFRESH = 'kassa.refresh';
let access = null;
let refreshing = null;
let onSignedOut = () => {};

export function onSessionEnd(handler) {
  onSignedOut = handler;
}

export function signedIn() {
  return access !== null;
}

/** The access token, for the live stream's query (EventSource cannot send a header). */
export function accessToken() {
  return access;
}

export function hasRefreshToken() {
  return !!sessionStorage.getItem(REFRESH);
}

function keep(pair) {
  access = pair.access_token;
  sessionStorage.setItem(REFRESH, pair.refresh_token);
}

/** Sends a request; answers its JSON, or with {@code tagged} {body, etag} (the answer's ETag, for If-Match). */
async function send(method, path, body, headers = {}, tagged = false) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(access ? { Authorization: `Bearer ${access}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new TypeError('network');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    const problem = new Problem(response.status, json);
    const retry = response.headers.get('Retry-After');
    if (retry) problem.retryAfter = Number(retry);
    throw problem;
  }
  return tagged ? { body: json, etag: response.headers.get('ETag') } : json;
}

/**
 * The password step. A user with two-step sign-in gets no tokens for it: the server answers 401
 * totp_required, and the Problem thrown carries the challengeToken for loginWithCode.
 */
export async function login(username, password) {
  const pair = await send('POST', '/api/v1/auth/login', { username, password });
  keep(pair);
  return pair;
}

/** The second step: the challenge of a right password and the authenticator's code (or a recovery code). */
export async function loginWithCode(challengeToken, code) {
  const pair = await send('POST', '/api/v1/auth/login/totp', { challenge_token: challengeToken, code });
  keep(pair);
  return pair;
}

/** Renews the pair; concurrent callers share one refresh (a refresh token is single-use). */
export async function refresh() {
  const token = sessionStorage.getItem(REFRESH);
  if (!token) throw new Problem(401, { code: 'no_refresh_token', detail: 'not signed in' });
  if (!refreshing) {
    refreshing = send('POST', '/api/v1/auth/refresh', { refresh_token: token })
      .then(keep)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

export async function logout() {
  const token = sessionStorage.getItem(REFRESH);
  access = null;
  sessionStorage.removeItem(REFRESH);
  if (token) {
    try {
      await send('POST', '/api/v1/auth/logout', { refresh_token: token });
    } catch {
      // signed out here either way
    }
  }
}

export async function call(method, path, body, { idempotent = false, key, headers: extra = {}, tagged = false } = {}) {
  const headers = { ...extra, ...(idempotent ? { 'Idempotency-Key': key ?? newKey() } : {}) };
  try {
    return await send(method, path, body, headers, tagged);
  } catch (e) {
    if (e instanceof Problem && e.status === 401 && !path.startsWith('/api/v1/auth/')) {
      try {
        await refresh();
      } catch (r) {
        access = null;
        sessionStorage.removeItem(REFRESH);
        onSignedOut(r instanceof Problem ? r.detail : null);
        throw e;
      }
      return send(method, path, body, headers, tagged);
    }
    throw e;
  }
}

export const get = (path) => call('GET', path);
/** A read that also answers the resource's ETag: {body, etag}. */
export const getTagged = (path) => call('GET', path, undefined, { tagged: true });
export const post = (path, body, options) => call('POST', path, body, options);
export const put = (path, body, options) => call('PUT', path, body, options);
