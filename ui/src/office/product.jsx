// A product's page in the back office: its fields to create or edit (POST with an Idempotency-Key, PUT
// replacing them), its barcodes, its active flag (activate/deactivate are their own calls), and its price history.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { newKey } from '../cart.js';
import { t } from '../messages.js';
import { money, dateTime } from '../format.js';
import { explain } from '../problems.js';
import { Field, described, checkText, serverErrors } from './form.jsx';
import { UNITS, checkBarcodes, checkCode, checkPrice, productBody, productForm } from './catalog.js';

// the notice of a product just created, handed to the page at its own address
let handedOver = null;

export function ProductPage({ id, refs, currency }) {
  const isNew = id === 'new';
  const [product, setProduct] = useState(isNew ? {} : null);
  const [failure, setFailure] = useState(null);
  const [notice, setNotice] = useState(() => {
    const n = handedOver;
    handedOver = null;
    return n;
  });
  // the product with its ETag, which the form's save sends as If-Match: a change made meanwhile is not overwritten
  const read = () => api.getTagged('/api/v1/products/' + encodeURIComponent(id))
    .then((r) => setProduct({ ...r.body, etag: r.etag }), (err) => setFailure(explain(err)));
  useEffect(() => {
    if (!isNew) read();
  }, [id]);
  const saved = (p, created) => {
    if (created) {
      handedOver = t('catalog.created', { name: p.name });
      location.hash = '#/products?product=' + p.id;
      return;
    }
    setNotice(t('catalog.saved', { name: p.name }));
    // read again for the new version's ETag (an activation after the save made another one)
    read();
  };
  return (
    <>
      <p><a href="#/products" id="back-to-list">{t('catalog.backToList')}</a></p>
      {failure && <p class="error banner" role="alert" id="product-failure">{failure}</p>}
      <p role="status" class="notice" id="product-notice">{notice ?? ''}</p>
      {product && (
        <section class="panel" aria-labelledby="product-title" id="product">
          <h2 id="product-title">{product.id ? product.name : t('catalog.new')}</h2>
          <div class="forms">
            <ProductForm key={(product.id ?? 'new') + (product.updated_at ?? '')} product={product} refs={refs} onSaved={saved} />
            {product.id && <PriceHistory key={product.id + product.updated_at} product={product} currency={currency} />}
          </div>
        </section>
      )}
    </>
  );
}

const LABELS = () => ({
  sku: t('products.sku'), name: t('catalog.name'), description: t('catalog.description'), category_id: t('catalog.category'),
  unit: t('products.unit'), price: t('products.price'), price_includes_tax: t('catalog.includesTax'), tax_class_id: t('catalog.taxClass'),
  hsn_code: t('catalog.hsn'), track_stock: t('catalog.trackStock'), allow_negative_stock: t('catalog.allowNegative'), barcodes: t('catalog.barcodes'),
});

/** The form's checks, as the API makes them; answers the messages by API field name (barcodes[i] per code). */
function check(form, labels) {
  const found = {};
  const sku = checkCode(form.sku);
  if (sku) found.sku = t(sku, { field: labels.sku });
  found.name = checkText(form.name, labels.name, 200);
  found.description = checkText(form.description, labels.description, 4000, false);
  const price = checkPrice(form.price);
  if (price.error) found.price = t(price.error === 'err.number' ? 'catalog.priceNumber' : price.error, { field: labels.price, n: price.n });
  if (!form.taxClassId) found.tax_class_id = t('err.required', { field: labels.tax_class_id });
  if (form.hsnCode.trim() && !/^[0-9]{4,8}$/.test(form.hsnCode.trim())) found.hsn_code = t('catalog.hsnShape', { field: labels.hsn_code });
  const { codes, errors } = checkBarcodes(form.barcodes);
  for (const [i, key] of Object.entries(errors)) {
    if (i === 'count') found.barcodes = t(key, { field: labels.barcodes });
    else found['barcodes[' + i + ']'] = t(key, { field: t('catalog.barcodeN', { n: Number(i) + 1 }) });
  }
  for (const k of Object.keys(found)) if (!found[k]) delete found[k];
  return { found, codes };
}

function ProductForm({ product, refs, onSaved }) {
  const [form, setForm] = useState(() => productForm(product));
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(null);
  const labels = LABELS();
  const set = (k, v) => { key.current = null; setForm((f) => ({ ...f, [k]: v })); };
  const setBarcode = (i, v) => set('barcodes', form.barcodes.map((b, j) => (j === i ? v : b)));
  const addBarcode = () => {
    set('barcodes', [...form.barcodes, '']);
    setTimeout(() => document.getElementById('product-barcode-' + form.barcodes.length)?.focus(), 0);
  };
  const removeBarcode = (i) => {
    const left = form.barcodes.filter((_, j) => j !== i);
    set('barcodes', left.length ? left : ['']);
    setTimeout(() => document.getElementById('product-barcode-add')?.focus(), 0);
  };

  async function submit(e) {
    e.preventDefault();
    const { found, codes } = check(form, labels);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) {
      focusFirst(found);
      return;
    }
    const body = productBody(form, codes);
    setBusy(true);
    try {
      let saved;
      if (product.id) {
        // If-Match: a product someone else changed since this page read it is refused (412), not overwritten
        saved = await api.put('/api/v1/products/' + product.id, body, { headers: product.etag ? { 'If-Match': product.etag } : {} });
      } else {
        key.current = key.current ?? newKey();
        saved = await api.post('/api/v1/products', body, { idempotent: true, key: key.current });
        key.current = null;
      }
      if (saved.active !== form.active) saved = await api.post(`/api/v1/products/${saved.id}/${form.active ? 'activate' : 'deactivate'}`);
      onSaved(saved, !product.id);
    } catch (err) {
      const fields = Object.fromEntries(Object.entries(labels).map(([k, label]) => [k, { key: k, label }]));
      form.barcodes.forEach((_, i) => { fields['barcodes[' + i + ']'] = { key: 'barcodes[' + i + ']', label: t('catalog.barcodeN', { n: i + 1 }) }; });
      const { byField, rest } = serverErrors(err, fields);
      // a SKU or barcode of another product: said in words, not with that product's id
      if (err?.code === 'duplicate_sku') byField.sku = t('catalog.skuTaken', { sku: body.sku });
      const taken = err?.code === 'duplicate_barcode' ? /Barcode (\S+) is already used/.exec(err.detail ?? '') : null;
      if (err?.code === 'duplicate_barcode') byField.barcodes = t('catalog.barcodeTaken', { code: taken?.[1] ?? '' });
      setErrors(byField);
      setFailure(err?.code === 'precondition_failed' ? t('catalog.changedMeanwhile') : rest);
      focusFirst(byField);
    } finally {
      setBusy(false);
    }
  }

  const text = (k, field, props = {}) => (
    <Field id={'product-' + k} label={labels[k]} error={errors[k]} hint={props.hint}>
      <input id={'product-' + k} value={form[field]} onInput={(e) => set(field, e.currentTarget.value)} autoComplete="off" {...props} {...described('product-' + k, errors[k], props.hint)} />
    </Field>
  );
  const check_ = (k, field) => (
    <div class="field">
      <label class="check" for={'product-' + k}>
        <input type="checkbox" id={'product-' + k} checked={form[field]} onChange={(e) => set(field, e.currentTarget.checked)} />
        {labels[k] ?? t('catalog.active')}
      </label>
    </div>
  );
  const taxes = refs.taxClasses.filter((c) => c.active || c.id === form.taxClassId);
  return (
    <form id="product-form" class="subform" onSubmit={submit} novalidate aria-labelledby="product-form-title">
      <h3 id="product-form-title">{t('catalog.details')}</h3>
      {failure && <p class="error banner" role="alert" id="product-form-failure">{failure}</p>}
      {text('sku', 'sku', { maxLength: 100 })}
      {text('name', 'name', { maxLength: 400 })}
      <Field id="product-description" label={labels.description} error={errors.description}>
        <textarea id="product-description" rows={3} maxLength={8000} value={form.description} onInput={(e) => set('description', e.currentTarget.value)} {...described('product-description', errors.description)} />
      </Field>
      <Field id="product-category_id" label={labels.category_id} error={errors.category_id}>
        <select id="product-category_id" value={form.categoryId} onChange={(e) => set('categoryId', e.currentTarget.value)} {...described('product-category_id', errors.category_id)}>
          <option value="">{t('catalog.noCategory')}</option>
          {(refs.tree ?? []).map((c) => <option value={c.id}>{c.path}</option>)}
        </select>
      </Field>
      <Field id="product-unit" label={labels.unit} error={errors.unit}>
        <select id="product-unit" value={form.unit} onChange={(e) => set('unit', e.currentTarget.value)} {...described('product-unit', errors.unit)}>
          {UNITS.map((u) => <option value={u}>{t('unit.' + u)}</option>)}
        </select>
      </Field>
      {text('price', 'price', { inputMode: 'decimal', maxLength: 40, hint: t('catalog.priceHint') })}
      {check_('price_includes_tax', 'priceIncludesTax')}
      <Field id="product-tax_class_id" label={labels.tax_class_id} error={errors.tax_class_id}>
        <select id="product-tax_class_id" value={form.taxClassId} onChange={(e) => set('taxClassId', e.currentTarget.value)} {...described('product-tax_class_id', errors.tax_class_id)}>
          <option value="">{t('catalog.chooseTax')}</option>
          {taxes.map((c) => <option value={c.id}>{c.name} ({c.code})</option>)}
        </select>
      </Field>
      {text('hsn_code', 'hsnCode', { inputMode: 'numeric', maxLength: 20, hint: t('catalog.hsnHint') })}
      {check_('track_stock', 'trackStock')}
      {check_('allow_negative_stock', 'allowNegativeStock')}
      <fieldset class={'choice barcodes' + (errors.barcodes ? ' invalid' : '')} id="product-barcodes">
        <legend>{labels.barcodes}</legend>
        {form.barcodes.map((b, i) => {
          const k = 'barcodes[' + i + ']';
          const id = 'product-barcode-' + i;
          return (
            <div class="barcode-row">
              <Field id={id} label={t('catalog.barcodeN', { n: i + 1 })} error={errors[k]}>
                <input id={id} class="barcode" value={b} maxLength={100} autoComplete="off" onInput={(e) => setBarcode(i, e.currentTarget.value)} {...described(id, errors[k])} />
              </Field>
              <button type="button" class="small" id={'product-barcode-remove-' + i} onClick={() => removeBarcode(i)} aria-label={t('catalog.removeBarcode', { n: i + 1 })}>{t('catalog.remove')}</button>
            </div>
          );
        })}
        {errors.barcodes && <p class="error" id="product-barcodes-error" role="alert">{errors.barcodes}</p>}
        <button type="button" id="product-barcode-add" onClick={addBarcode}>{t('catalog.addBarcode')}</button>
      </fieldset>
      {check_('active', 'active')}
      <button type="submit" class="primary" disabled={busy}>{t(product.id ? 'catalog.save' : 'catalog.create')}</button>
    </form>
  );
}

/** Focus on the first field the form or the server found wrong, so a keyboard user lands on it. */
function focusFirst(found) {
  const first = Object.keys(found)[0];
  if (!first) return;
  const m = /^barcodes\[(\d+)\]$/.exec(first);
  const id = m ? 'product-barcode-' + m[1] : first === 'barcodes' ? 'product-barcode-0' : 'product-' + first;
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

function PriceHistory({ product, currency }) {
  const [page, setPage] = useState(null);
  const [cursors, setCursors] = useState([null]);
  const [failure, setFailure] = useState(null);
  async function load(cursor) {
    try {
      setPage(await api.get(`/api/v1/products/${product.id}/price-history?limit=10` + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')));
    } catch (err) {
      setFailure(explain(err));
    }
  }
  useEffect(() => { load(null); }, []);
  const items = page?.items ?? [];
  return (
    <div class="subform" id="price-history">
      <h3 id="price-history-title">{t('catalog.priceHistory')}</h3>
      {failure && <p class="error" role="alert">{failure}</p>}
      <table class="data" id="price-history-table" aria-labelledby="price-history-title">
        <thead><tr><th scope="col">{t('stock.when')}</th><th scope="col" class="num">{t('products.price')}</th><th scope="col">{t('catalog.tax')}</th></tr></thead>
        <tbody>
          {items.map((c) => (
            <tr data-price={String(c.price)}>
              <td>{dateTime(c.changed_at)}</td>
              <td class="num">{money(c.price, currency)}</td>
              <td>{c.price_includes_tax ? t('catalog.taxIncluded') : t('products.plusTax')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="buttons pager">
        <button type="button" id="history-previous" disabled={cursors.length < 2}
          onClick={() => { const back = cursors.slice(0, -1); setCursors(back); load(back[back.length - 1]); }}>{t('products.previous')}</button>
        <button type="button" id="history-next" disabled={!page?.next_cursor}
          onClick={() => { setCursors([...cursors, page.next_cursor]); load(page.next_cursor); }}>{t('products.next')}</button>
      </div>
    </div>
  );
}
