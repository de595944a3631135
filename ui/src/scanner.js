// A barcode scanner is a keyboard that types digits very fast and then Enter. This tells its bursts from
// a person's typing, wherever the focus is: outside a text field any digits then Enter are a scan; in a
// text field only a fast burst is (each key within FAST_MS of the last), and the digits it typed into
// the field are taken out again.
export const FAST_MS = 35;
export const MIN_LENGTH = 4;
export const MAX_LENGTH = 64;

export function createScanner({ onScan, now = () => performance.now() }) {
  let buffer = '';
  let last = 0;
  let slow = false;
  let field = null;
  let fieldValue = null;

  function reset() {
    buffer = '';
    slow = false;
    field = null;
    fieldValue = null;
  }

  /** Feeds one keydown; answers true when the key was taken as part of a scan (the caller prevents it). */
  function key(event) {
    const t = now();
    const target = event.target;
    const editable = isEditable(target);
    if (event.ctrlKey || event.altKey || event.metaKey) {
      reset();
      return false;
    }
    if (/^[0-9A-Za-z-]$/.test(event.key) && buffer.length < MAX_LENGTH) {
      if (buffer === '') {
        field = editable ? target : null;
        fieldValue = editable ? target.value : null;
        slow = false;
      } else if (t - last > FAST_MS) {
        slow = true;
      }
      buffer += event.key;
      last = t;
      // outside a field the digits are the scan's alone; in a field they are typed until Enter decides
      return !editable && /^[0-9]$/.test(event.key) && /^[0-9]+$/.test(buffer);
    }
    if (event.key === 'Enter' && buffer.length >= MIN_LENGTH) {
      const code = buffer;
      const fast = !slow && t - last <= FAST_MS * 4;
      const wasField = field;
      const before = fieldValue;
      reset();
      if (!wasField && /^[0-9]+$/.test(code)) {
        onScan(code);
        return true;
      }
      if (wasField && fast && wasField === target) {
        if (typeof before === 'string' && 'value' in wasField) {
          setFieldValue(wasField, before);
        }
        onScan(code);
        return true;
      }
      return false;
    }
    if (event.key !== 'Shift') reset();
    return false;
  }

  return { key, reset };
}

export function isEditable(el) {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (el.type || 'text').toLowerCase();
    return !['button', 'submit', 'checkbox', 'radio', 'reset'].includes(type);
  }
  return el.isContentEditable === true;
}

function setFieldValue(el, value) {
  el.value = value;
  if (typeof el.dispatchEvent === 'function' && typeof Event === 'function') {
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
}
