// The category tree of the catalog: a new category at the top or below a parent, one renamed or moved under
// another parent (never below itself: the form does not offer it, and the server refuses it), one deleted
// when it has neither subcategories nor products (the server says which it has).
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { newKey } from '../cart.js';
import { t } from '../messages.js';
import { explain } from '../problems.js';
import { Field, described, checkText, serverErrors } from './form.jsx';
import { within } from './catalog.js';

export function CategoriesView({ refs }) {
  const [editing, setEditing] = useState(null);
  const [notice, setNotice] = useState(null);
  const [failure, setFailure] = useState(null);
  const tree = refs.tree ?? [];
  const changed = async (text) => {
    setNotice(text);
    setEditing(null);
    await refs.reload();
  };
  async function remove(c) {
    setFailure(null);
    setNotice(null);
    try {
      await api.call('DELETE', '/api/v1/categories/' + c.id);
      await changed(t('catalog.categoryDeleted', { name: c.name }));
    } catch (err) {
      setFailure(err?.code === 'category_not_empty' ? t('catalog.categoryNotEmpty', { name: c.name }) : explain(err));
    }
  }
  return (
    <>
      {failure && <p class="error banner" role="alert" id="categories-failure">{failure}</p>}
      <p role="status" class="notice" id="categories-notice">{notice ?? ''}</p>
      <section class="panel" aria-labelledby="category-tree-title">
        <h2 id="category-tree-title">{t('catalog.tree')}</h2>
        {refs.tree && !tree.length && <p class="empty" id="categories-none">{t('catalog.noCategories')}</p>}
        <ul class="category-tree" id="category-tree">
          {tree.map((c) => (
            <li class={'depth-' + Math.min(c.depth, 6)} data-category={c.id} data-path={c.path}>
              <span class="category-name">{c.name}</span>
              <button type="button" class="small" onClick={() => { setNotice(null); setFailure(null); setEditing(c); }} aria-label={t('catalog.editCategory', { name: c.path })}>{t('catalog.edit')}</button>
              <button type="button" class="small danger" onClick={() => remove(c)} aria-label={t('catalog.deleteCategory', { name: c.path })}>{t('catalog.delete')}</button>
            </li>
          ))}
        </ul>
      </section>
      <div class="forms">
        {editing && <CategoryForm key={editing.id} category={editing} refs={refs} onSaved={(c) => changed(t('catalog.categorySaved', { name: c.name }))} onCancel={() => setEditing(null)} />}
        <CategoryForm key="new" category={{}} refs={refs} onSaved={(c) => changed(t('catalog.categoryCreated', { name: c.name }))} />
      </div>
    </>
  );
}

function CategoryForm({ category, refs, onSaved, onCancel }) {
  const isNew = !category.id;
  const prefix = isNew ? 'category-new' : 'category-edit';
  const [name, setName] = useState(category.name ?? '');
  const [parent, setParent] = useState(category.parent_id ?? '');
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const labels = { name: t('catalog.categoryName'), parent_id: t('catalog.parent') };
  const excluded = isNew ? new Set() : within(refs.categories, category.id);
  // Edit on a row brings the keyboard to its form
  useEffect(() => { if (!isNew) document.getElementById(prefix + '-name')?.focus(); }, []);
  async function submit(e) {
    e.preventDefault();
    const found = { name: checkText(name, labels.name, 100) };
    setErrors(found);
    setFailure(null);
    if (found.name) {
      document.getElementById(prefix + '-name')?.focus();
      return;
    }
    const body = { name: name.trim(), parent_id: parent || null, description: category.description ?? null };
    setBusy(true);
    try {
      const saved = isNew ? await api.post('/api/v1/categories', body, { idempotent: true, key: newKey() })
        : await api.put('/api/v1/categories/' + category.id, body);
      if (isNew) { setName(''); setParent(''); }
      onSaved(saved);
    } catch (err) {
      const { byField, rest } = serverErrors(err, { name: { key: 'name', label: labels.name }, parent_id: { key: 'parent_id', label: labels.parent_id } });
      if (err?.code === 'duplicate_name') byField.name = t('catalog.categoryTaken', { name: body.name });
      setErrors(byField);
      setFailure(rest);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form id={prefix + '-form'} class="subform" onSubmit={submit} novalidate aria-labelledby={prefix + '-title'}>
      <h3 id={prefix + '-title'}>{isNew ? t('catalog.newCategory') : t('catalog.editCategory', { name: category.path })}</h3>
      {failure && <p class="error" role="alert" id={prefix + '-failure'}>{failure}</p>}
      <Field id={prefix + '-name'} label={labels.name} error={errors.name}>
        <input id={prefix + '-name'} value={name} maxLength={200} autoComplete="off" onInput={(e) => setName(e.currentTarget.value)} {...described(prefix + '-name', errors.name)} />
      </Field>
      <Field id={prefix + '-parent'} label={labels.parent_id} error={errors.parent_id}>
        <select id={prefix + '-parent'} value={parent} onChange={(e) => setParent(e.currentTarget.value)} {...described(prefix + '-parent', errors.parent_id)}>
          <option value="">{t('catalog.topLevel')}</option>
          {(refs.tree ?? []).filter((c) => !excluded.has(c.id)).map((c) => <option value={c.id}>{c.path}</option>)}
        </select>
      </Field>
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy}>{isNew ? t('catalog.createCategory') : t('catalog.save')}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t('close')}</button>}
      </div>
    </form>
  );
}
