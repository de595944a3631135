// What the till keeps in this browser: the terminal it is, the cart in progress (written on every
// change, so a reload or a crash loses nothing) and the parked carts.
const TERMINAL = 'kassa.terminal';
const CART = 'kassa.cart';
const PARKED = 'kassa.parked';

function read(key, fallback) {
  try {
    const text = localStorage.getItem(key);
    return text ? JSON.parse(text) : fallback;
  } catch {
    return fallback;
  }
}

function write(key, value) {
  if (value === null || value === undefined) localStorage.removeItem(key);
  else localStorage.setItem(key, JSON.stringify(value));
}

export const terminal = { load: () => read(TERMINAL, null), save: (v) => write(TERMINAL, v) };
export const cart = { load: () => read(CART, null), save: (v) => write(CART, v) };
export const parked = { load: () => read(PARKED, []), save: (v) => write(PARKED, v) };
