// Mailroom Studio: vanilla JS on purpose — no build step between a save and a refreshed preview.

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Builds an element; strings become text nodes, so nothing user-provided is parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

async function api(path, body) {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json?.error?.message ?? `${res.status} ${res.statusText}`);
  return json;
}

const GMAIL_CLIP = 102 * 1024;
const WARN_AT = 80 * 1024;

const store = {
  state: null,
  templateId: null,
  locale: null,
  brand: null,
  previewState: null,
  width: localStorage.getItem('studio.width') ?? 'desktop',
  scheme: localStorage.getItem('studio.scheme') ?? 'light',
  tab: 'preview',
  dataText: '',
  dataDirty: false,
  render: null,
  renderVersion: 0,
  outbox: [],
  outboxSeen: new Set(),
  mailId: null,
  mailTab: 'html',
};

/* ---------------- URL state ---------------- */
function readHash() {
  const [view, id, query] = location.hash.replace(/^#\/?/, '').split(/[/?]/);
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  return { view: view || 'templates', id: id ? decodeURIComponent(id) : null, params, query };
}

function writeHash() {
  const view = document.body.dataset.view;
  if (view === 'outbox') {
    history.replaceState(null, '', `#/outbox${store.mailId ? `/${encodeURIComponent(store.mailId)}` : ''}`);
    return;
  }
  const params = new URLSearchParams();
  if (store.locale) params.set('locale', store.locale);
  if (store.brand) params.set('brand', store.brand);
  if (store.previewState) params.set('state', store.previewState);
  history.replaceState(null, '', `#/templates/${encodeURIComponent(store.templateId ?? '')}?${params}`);
}

/* ---------------- views ---------------- */
function setView(view) {
  document.body.dataset.view = view;
  $('#view-templates').hidden = view !== 'templates';
  $('#view-outbox').hidden = view !== 'outbox';
  for (const tab of $$('[data-view-tab]'))
    tab.setAttribute('aria-selected', String(tab.dataset.viewTab === view));
  if (view === 'outbox') refreshOutbox();
  writeHash();
}

/* ---------------- templates sidebar ---------------- */
function template(id = store.templateId) {
  return store.state?.templates.find((t) => t.id === id) ?? null;
}

function findingsFor(id) {
  return (store.state?.findings ?? []).filter((f) => f.templateId === id);
}

function renderSidebar() {
  const list = $('#template-list');
  const filter = $('#template-filter').value.trim().toLowerCase();
  const templates = store.state?.templates ?? [];
  const roots = templates.filter((t) => !t.variantOf);
  const nodes = [];
  const byTrigger = new Map();
  for (const t of roots) {
    if (!byTrigger.has(t.trigger)) byTrigger.set(t.trigger, []);
    byTrigger.get(t.trigger).push(t);
  }
  for (const [trigger, group] of byTrigger) {
    const items = [];
    for (const t of group) {
      const family = [t, ...templates.filter((v) => v.variantOf === t.id)];
      for (const member of family) {
        const hay = `${member.id} ${member.trigger} ${member.description}`.toLowerCase();
        if (filter && !hay.includes(filter)) continue;
        const severity = findingsFor(member.id).some((f) => f.severity === 'error')
          ? 'error'
          : findingsFor(member.id).some((f) => f.severity === 'warning')
            ? 'warning'
            : null;
        items.push(
          h(
            'button',
            {
              type: 'button',
              class: `template-item${member.variantOf ? ' variant' : ''}`,
              'aria-current': String(member.id === store.templateId),
              dataset: { templateId: member.id },
              title: member.description,
              onclick: () => selectTemplate(member.id),
            },
            h(
              'span',
              { class: 'name' },
              member.id,
              member.variantOf ? h('span', { class: 'tag' }, 'variant') : null,
              severity ? h('span', { class: `dot ${severity}`, title: `check ${severity}s` }) : null,
            ),
            h('span', { class: 'desc' }, member.description || member.triggerSource),
          ),
        );
      }
    }
    if (items.length === 0) continue;
    nodes.push(h('div', { class: 'group-label' }, h('span', {}, trigger)), ...items);
  }
  if (nodes.length === 0)
    nodes.push(h('p', { class: 'hint', style: 'padding: 8px' }, 'No template matches.'));
  list.replaceChildren(...nodes);
  $('#sidebar-foot').textContent = store.state ? `Sources: ${store.state.templatesDir}` : '';
}

function fillSelect(select, options, value) {
  select.replaceChildren(
    ...options.map((o) =>
      h('option', { value: o.value, selected: o.value === value ? true : undefined }, o.label),
    ),
  );
  select.value = value ?? options[0]?.value ?? '';
}

function renderSwitchers() {
  const state = store.state;
  const t = template();
  if (!state || !t) return;
  fillSelect(
    $('#locale'),
    state.locales.map((l) => ({ value: l.code, label: `${l.name} (${l.code})` })),
    store.locale,
  );
  fillSelect(
    $('#brand'),
    state.brands.map((b) => ({ value: b.name, label: `${b.displayName}${b.default ? ' · default' : ''}` })),
    store.brand,
  );
  fillSelect(
    $('#state'),
    t.previewStates.map((s) => ({ value: s.name, label: s.name })),
    store.previewState,
  );
  const description = t.previewStates.find((s) => s.name === store.previewState)?.description ?? '';
  $('#state').title = description;
  $('#state-desc').textContent = description;
  $('#state-desc').title = description;
}

function resetData() {
  const t = template();
  const preview = t?.previewStates.find((s) => s.name === store.previewState) ?? t?.previewStates[0];
  store.dataText = JSON.stringify(preview?.data ?? { username: 'jane', userAttributes: {} }, null, 2);
  store.dataDirty = false;
  $('#data-editor').value = store.dataText;
  $('#data-editor').removeAttribute('aria-invalid');
  $('#data-status').textContent = preview ? `from preview.json · ${preview.name}` : '';
  $('#data-status').className = 'hint-inline';
}

function selectTemplate(id, { keepState = false } = {}) {
  const t = template(id);
  if (!t) return;
  store.templateId = id;
  if (!keepState || !t.previewStates.some((s) => s.name === store.previewState)) {
    store.previewState = t.previewStates[0]?.name ?? null;
  }
  resetData();
  renderSidebar();
  renderSwitchers();
  writeHash();
  renderPreview();
}

/* ---------------- preview ---------------- */
function formatBytes(bytes) {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
}

function darkDocument(html) {
  // A template with its own dark styles gets them (the media query forced on); otherwise emulate what
  // Gmail/Outlook apps do to light-only mail: invert, then re-invert images so photos and logos survive.
  if (/prefers-color-scheme\s*:\s*dark/i.test(html)) {
    return {
      html: html
        .replace(/\(\s*prefers-color-scheme\s*:\s*dark\s*\)/gi, '(min-width: 0px)')
        .replace(/\(\s*prefers-color-scheme\s*:\s*light\s*\)/gi, '(max-width: 0px)'),
      note: 'Dark: the template’s own prefers-color-scheme styles, forced on.',
    };
  }
  const style =
    '<style data-studio-dark>html{filter:invert(1) hue-rotate(180deg);background:#fff}' +
    'img,picture,video,[style*="background-image"]{filter:invert(1) hue-rotate(180deg)}</style>';
  return {
    html: /<\/head>/i.test(html) ? html.replace(/<\/head>/i, `${style}</head>`) : style + html,
    note: 'Dark: emulated full inversion (what Gmail and Outlook apps do to mail without dark styles).',
  };
}

function fitFrame(frame) {
  const doc = frame.contentDocument;
  if (!doc?.documentElement) return;
  frame.style.height = `${Math.max(320, doc.documentElement.scrollHeight)}px`;
}

/**
 * Brand images live on your CDN (the sample brands use placeholder hosts); where `brands/assets/` holds a file
 * named like an image URL's last path segment, the preview shows the local copy. Only the rendered pane: the
 * HTML source tab and every sent message keep the real URL.
 */
function withLocalBrandAssets(html) {
  const assets = new Set(store.state?.brandAssets ?? []);
  if (assets.size === 0) return html;
  return html.replace(/(<img\b[^>]*?\bsrc=")(https?:\/\/[^"]+)(")/gi, (whole, pre, url, post) => {
    const name = decodeURIComponent(url.split(/[?#]/)[0].split('/').pop() ?? '');
    return assets.has(name) ? `${pre}/brand-assets/${encodeURIComponent(name)}${post}` : whole;
  });
}

function setFrame(frame, html) {
  frame.onload = () => {
    fitFrame(frame);
    // Late images change the height; refit once they are in.
    for (const img of frame.contentDocument?.images ?? [])
      img.addEventListener('load', () => fitFrame(frame));
  };
  frame.srcdoc = html;
}

function highlightHtml(source) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const out = [];
  const re = /(<!--[\s\S]*?-->)|(<\/?[a-zA-Z][^>]*>)/g;
  let last = 0;
  for (const match of source.matchAll(re)) {
    out.push(esc(source.slice(last, match.index)));
    if (match[1]) out.push(`<span class="c">${esc(match[1])}</span>`);
    else {
      const tag = esc(match[2]).replace(
        /^(&lt;\/?)([a-zA-Z0-9:-]+)|([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=)("[^"]*"|'[^']*')/g,
        (_m, open, name, attr, eq, val) =>
          open
            ? `${open}<span class="t">${name}</span>`
            : `<span class="a">${attr}</span>${eq}<span class="s">${val}</span>`,
      );
      out.push(tag);
    }
    last = match.index + match[0].length;
  }
  out.push(esc(source.slice(last)));
  return out.join('');
}

function kvRows(table, entries) {
  table.replaceChildren(...entries.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))));
}

function showRender(result) {
  const r = result.render;
  store.render = r;
  store.renderVersion += 1;
  document.body.dataset.renderVersion = String(store.renderVersion);
  $('#render-error').hidden = true;
  $('#subject').textContent = r.subject;
  const brand = store.state.brands.find((b) => b.name === r.brand);
  $('#envelope-meta').replaceChildren(
    h('span', {}, h('b', {}, 'From'), r.headers.From ?? brand?.displayName ?? ''),
    h('span', {}, h('b', {}, 'To'), r.headers.To ?? ''),
    h(
      'span',
      { title: 'template · locale · brand' },
      h('b', {}, 'Template'),
      `${r.templateId} · ${r.locale} · ${r.brand}`,
    ),
  );
  const level = r.htmlBytes >= GMAIL_CLIP ? 'clip' : r.htmlBytes >= WARN_AT ? 'warn' : 'ok';
  const badge = $('#size-badge');
  badge.dataset.level = level;
  badge.textContent = `${formatBytes(r.htmlBytes)} / 102 KB`;
  badge.title =
    level === 'clip'
      ? 'Gmail will clip this message (HTML above ~102 KB): trim the markup'
      : level === 'warn'
        ? 'Close to Gmail’s ~102 KB clip'
        : 'Well under Gmail’s ~102 KB clip';
  $('#render-meta').textContent = `rendered in ${r.renderMs} ms · build v${store.state.version}`;

  const dark = store.scheme === 'dark' ? darkDocument(r.html) : null;
  setFrame($('#preview-frame'), withLocalBrandAssets(dark ? dark.html : r.html));
  $('#scheme-note').hidden = !dark;
  $('#scheme-note').textContent = dark?.note ?? '';
  $('#text-output').textContent = r.text;
  $('#source-output').innerHTML = highlightHtml(r.html);
  kvRows($('#headers-output'), [
    ['Subject', r.subject],
    ...Object.entries(r.headers).filter(([k]) => k !== 'Subject'),
  ]);
  renderFindings(result.findings ?? findingsFor(r.templateId));
}

function showRenderError(error) {
  $('#render-error').hidden = false;
  $('#render-error').textContent = `${error.code ?? 'ERROR'}: ${error.message}`;
}

let renderSeq = 0;
async function renderPreview() {
  const t = template();
  if (!t) return;
  let data;
  try {
    data = JSON.parse($('#data-editor').value);
    $('#data-editor').removeAttribute('aria-invalid');
  } catch (error) {
    $('#data-editor').setAttribute('aria-invalid', 'true');
    $('#data-status').textContent = `invalid JSON: ${error.message}`;
    $('#data-status').className = 'hint-inline bad';
    return;
  }
  const seq = ++renderSeq;
  const result = await api('/api/render', {
    templateId: t.id,
    locale: store.locale,
    brand: store.brand,
    data,
  }).catch((error) => ({ ok: false, error: { message: error.message } }));
  if (seq !== renderSeq) return; // a newer render is on its way
  if (result.ok) showRender(result);
  else showRenderError(result.error);
}

/** The check reports one finding per brand × locale × state; show each problem once, with where it occurs. */
function groupFindings(findings) {
  const groups = new Map();
  for (const f of findings) {
    const message = f.message.replace(/^[\w-]+\/[\w-]+\/[\w-]+:\s*/, '');
    const key = [f.severity, f.rule, message, f.file, f.line].join('\u0000');
    const group = groups.get(key) ?? { ...f, message, contexts: [] };
    if (f.context) group.contexts.push(f.context);
    groups.set(key, group);
  }
  const order = { error: 0, warning: 1, info: 2 };
  return [...groups.values()].sort((a, b) => order[a.severity] - order[b.severity]);
}

function renderFindings(findings) {
  const list = $('#findings');
  const groups = groupFindings(findings);
  $('#checks-count').textContent = String(groups.length);
  if (groups.length === 0) {
    list.replaceChildren(
      h(
        'li',
        { class: 'ok' },
        h('span', { class: 'sev' }, '✓'),
        h('span', {}, 'No findings for this template.'),
      ),
    );
    return;
  }
  list.replaceChildren(
    ...groups.map((f) => {
      const where = [f.rule, f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : null]
        .filter(Boolean)
        .join(' · ');
      const contexts =
        f.contexts.length === 0
          ? null
          : f.contexts.length <= 2
            ? f.contexts.join(', ')
            : `${f.contexts.length} renders (${f.contexts.slice(0, 2).join(', ')}, …)`;
      return h(
        'li',
        { class: f.severity, title: f.contexts.join('\n') },
        h('span', { class: 'sev' }, f.severity === 'error' ? '✕' : f.severity === 'warning' ? '!' : 'i'),
        h(
          'span',
          {},
          f.message,
          h('span', { class: 'where' }, where),
          contexts ? h('span', { class: 'where' }, contexts) : null,
        ),
      );
    }),
  );
}

/* ---------------- build overlay ---------------- */
function showProblems(problems) {
  const overlay = $('#overlay');
  if (!problems || problems.length === 0) {
    overlay.hidden = true;
    return;
  }
  $('#overlay-problems').replaceChildren(
    ...problems.map((p) =>
      h(
        'div',
        { class: 'problem' },
        h(
          'div',
          { class: 'problem-file' },
          `${p.file}${p.line ? `:${p.line}` : ''}${p.column ? `:${p.column}` : ''}`,
        ),
        h('div', { class: 'problem-message' }, p.message),
        p.frame?.length
          ? h(
              'pre',
              { class: 'frame' },
              ...p.frame.map((l) =>
                h(
                  'div',
                  { class: l.line === p.line ? 'hit' : '' },
                  h('span', { class: 'ln' }, l.line),
                  l.text,
                ),
              ),
            )
          : null,
      ),
    ),
  );
  overlay.hidden = false;
}

/* ---------------- state & live reload ---------------- */
async function loadState() {
  store.state = await api('/api/state');
  const { kmsUrl, keyArn } = store.state.dispatch ?? {};
  $('#kms-pill').textContent = kmsUrl ? `KMS ${kmsUrl.replace(/^https?:\/\//, '')}` : 'KMS —';
  $('#kms-pill').title = keyArn ? `KMS stand-in · key ${keyArn}` : 'KMS stand-in';
  $('#outbox-dir').textContent = store.state.outboxDir;
  $('#send-hint').textContent = store.state.dispatch?.rebuildsBundle
    ? 'Runs the real dispatcher bundle against the KMS stand-in; rebuilt first when your edits made it stale.'
    : 'Runs the real dispatcher bundle (as last built) against the KMS stand-in.';
  const providers = ['outbox', 'sendgrid', 'mailgun', 'brevo', 'ses', 'smtp'];
  if ($('#send-provider').options.length === 0) {
    fillSelect(
      $('#send-provider'),
      providers.map((p) => ({
        value: p,
        label: p === 'outbox' ? 'outbox (local .eml)' : `${p} (needs keys)`,
      })),
      store.state.dispatch?.provider ?? 'outbox',
    );
  }
  const defaultBrand = store.state.brands.find((b) => b.default) ?? store.state.brands[0];
  if (!store.brand || !store.state.brands.some((b) => b.name === store.brand))
    store.brand = defaultBrand?.name ?? null;
  if (!store.locale || !store.state.locales.some((l) => l.code === store.locale)) {
    store.locale = defaultBrand?.defaultLocale ?? store.state.locales[0]?.code ?? null;
  }
  showProblems(store.state.problems);
}

function setLive(state, label) {
  const pill = $('#live-pill');
  pill.dataset.state = state;
  pill.lastElementChild.textContent = label;
}

function connectEvents() {
  const source = new EventSource('/events');
  let connected = false;
  source.addEventListener('hello', async () => {
    setLive('live', 'Live');
    // A reconnect means the server restarted: its templates, build state and outbox may all differ.
    if (connected) {
      await loadState();
      renderSidebar();
      if (template()) {
        renderSwitchers();
        await renderPreview();
      } else if (store.state.templates[0]) selectTemplate(store.state.templates[0].id);
      refreshOutbox();
    }
    connected = true;
  });
  source.addEventListener('build', async (event) => {
    const build = JSON.parse(event.data);
    const previous = store.templateId;
    await loadState();
    showProblems(build.problems);
    setLive(
      build.problems.length ? 'error' : 'live',
      build.problems.length ? 'Build failed' : `Live · ${build.ms} ms`,
    );
    renderSidebar();
    if (!template(previous)) {
      selectTemplate(store.state.templates[0]?.id);
      return;
    }
    renderSwitchers();
    // Preview states may have changed on disk; keep the user's edits if they made any.
    if (!store.dataDirty) resetData();
    await renderPreview();
    document.body.dataset.buildVersion = String(build.version);
  });
  source.addEventListener('checks', (event) => {
    store.state.findings = JSON.parse(event.data).findings;
    renderSidebar();
    if (store.templateId) renderFindings(findingsFor(store.templateId));
  });
  source.addEventListener('outbox', () => refreshOutbox());
  source.onerror = () => setLive('offline', 'Reconnecting…');
}

/* ---------------- send test ---------------- */
function toast(content, bad = false) {
  const el = h('div', { class: `toast${bad ? ' bad' : ''}` }, content);
  $('#toasts').append(el);
  setTimeout(() => el.remove(), bad ? 9000 : 6000);
}

async function sendTest(event) {
  event.preventDefault();
  const t = template();
  if (!t) return;
  const email = $('#send-email').value.trim();
  localStorage.setItem('studio.email', email);
  let data = {};
  try {
    data = JSON.parse($('#data-editor').value);
  } catch {
    // Invalid JSON in the editor: send with the event factory's defaults.
  }
  const attrs = { ...(data.userAttributes ?? {}) };
  delete attrs.email;
  const button = $('#send-test');
  button.disabled = true;
  const label = button.lastChild.textContent;
  button.lastChild.textContent = ' Sending…';
  try {
    const response = await api('/api/send', {
      trigger: t.trigger,
      email,
      locale: store.locale,
      brand: store.brand,
      provider: $('#send-provider').value,
      code: typeof data.code === 'string' ? data.code : undefined,
      userName: typeof data.username === 'string' ? data.username : undefined,
      userAttributes: Object.fromEntries(Object.entries(attrs).filter(([, v]) => typeof v === 'string')),
    });
    if (!response.ok) throw new Error(response.error.message);
    const r = response.result;
    if (r.templateId && r.templateId !== t.id) {
      toast(
        `Note: for brand ${r.brand ?? store.brand} the dispatcher routes ${r.trigger} to ${r.templateId}, not ${t.id}` +
          (t.variantOf ? ' (a variant only the brands that opt in use).' : '.'),
      );
    }
    toast([
      h('b', {}, `${r.trigger} sent`),
      ` to ${r.to} via ${r.provider}${r.templateId ? ` · ${r.templateId}` : ''} · ${r.ms} ms `,
      r.outboxFile
        ? h(
            'a',
            {
              onclick: () => {
                store.mailId = r.outboxFile
                  .split(/[\\/]/)
                  .pop()
                  .replace(/\.eml$/, '');
                setView('outbox');
              },
            },
            'Open in Outbox',
          )
        : null,
    ]);
  } catch (error) {
    toast([h('b', {}, 'Send failed: '), error.message], true);
  } finally {
    button.disabled = false;
    button.lastChild.textContent = label;
  }
}

/* ---------------- outbox ---------------- */
function ago(iso) {
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return new Date(iso).toLocaleString();
}

async function refreshOutbox() {
  const { messages } = await api('/api/outbox');
  const fresh = messages.filter((m) => store.outbox.length > 0 && !store.outboxSeen.has(m.id));
  store.outbox = messages;
  for (const m of messages) store.outboxSeen.add(m.id);
  $('#outbox-count').textContent = String(messages.length);
  renderMailList(fresh);
  if (document.body.dataset.view === 'outbox') {
    if (store.mailId && messages.some((m) => m.id === store.mailId)) {
      if ($('#mail-view').dataset.id !== store.mailId) openMail(store.mailId);
    } else if (messages[0]) openMail(messages[0].id);
  }
}

function renderMailList(fresh = []) {
  const messages = store.outbox;
  const query = $('#mail-filter').value.trim().toLowerCase();
  const shown = query
    ? messages.filter((m) =>
        [m.to, m.subject, m.trigger, m.templateId, m.locale, m.brand].join(' ').toLowerCase().includes(query),
      )
    : messages;
  const list = $('#mail-list');
  if (shown.length === 0) {
    list.replaceChildren(
      h('li', { class: 'empty-row' }, messages.length === 0 ? 'The outbox is empty.' : 'No message matches.'),
    );
  } else {
    list.replaceChildren(
      ...shown.map((m) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: fresh.includes(m) ? 'is-new' : '',
              'aria-current': String(m.id === store.mailId),
              dataset: { mailId: m.id },
              onclick: () => openMail(m.id),
            },
            h('span', { class: 'to' }, m.to),
            h('span', { class: 'when', title: m.receivedAt }, ago(m.receivedAt)),
            h('span', { class: 'subj' }, m.subject),
            h(
              'span',
              { class: 'tags' },
              m.trigger ? h('span', { class: 'tag' }, m.trigger) : null,
              m.locale ? h('span', { class: 'tag' }, m.locale) : null,
              m.brand ? h('span', { class: 'tag' }, m.brand) : null,
              m.provider ? h('span', { class: 'tag' }, m.provider) : null,
              h('span', { class: 'tag' }, formatBytes(m.size)),
            ),
          ),
        ),
      ),
    );
  }
}

function showMailEmpty() {
  store.mailId = null;
  $('#mail-view').hidden = true;
  $('#mail-view').dataset.id = '';
  $('#mail-empty').hidden = false;
  writeHash();
}

function setMailTab(tab) {
  store.mailTab = tab;
  for (const b of $$('[data-mail-tab]')) b.setAttribute('aria-selected', String(b.dataset.mailTab === tab));
  for (const p of $$('[data-mail-panel]')) p.hidden = p.dataset.mailPanel !== tab;
  if (tab === 'raw' && store.mailId) {
    fetch(`/api/outbox/${encodeURIComponent(store.mailId)}/raw`)
      .then((r) => r.text())
      .then((raw) => {
        $('#mail-raw').textContent = raw;
      });
  }
}

async function openMail(id) {
  store.mailId = id;
  for (const b of $$('#mail-list button')) b.setAttribute('aria-current', String(b.dataset.mailId === id));
  const m = await api(`/api/outbox/${encodeURIComponent(id)}`);
  $('#mail-empty').hidden = true;
  const view = $('#mail-view');
  view.hidden = false;
  view.dataset.id = id;
  $('#mail-subject').textContent = m.subject;
  $('#mail-download').href = `/api/outbox/${encodeURIComponent(id)}/raw`;
  $('#mail-download').setAttribute('download', `${id}.eml`);
  const meta = [
    ['From', m.from],
    ['To', m.to],
    ['Date', new Date(m.receivedAt).toLocaleString()],
    ['Message-ID', m.messageId ?? '—'],
    ['File', m.file],
  ];
  $('#mail-meta').replaceChildren(...meta.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  setFrame(
    $('#mail-frame'),
    m.html ? withLocalBrandAssets(m.html) : '<p style="font-family:sans-serif;color:#888">No HTML part.</p>',
  );
  $('#mail-text').textContent = m.text ?? '(no text part)';
  kvRows(
    $('#mail-headers'),
    m.headers.map((x) => [x.name, x.value]),
  );
  setMailTab(store.mailTab);
  writeHash();
}

/* ---------------- wiring ---------------- */
function bind() {
  for (const tab of $$('[data-view-tab]')) tab.addEventListener('click', () => setView(tab.dataset.viewTab));
  $('#template-filter').addEventListener('input', renderSidebar);
  $('#mail-filter').addEventListener('input', () => renderMailList());
  document.addEventListener('keydown', (e) => {
    if (
      e.key === '/' &&
      document.activeElement?.tagName !== 'TEXTAREA' &&
      document.activeElement?.tagName !== 'INPUT'
    ) {
      e.preventDefault();
      $('#template-filter').focus();
    }
  });
  $('#locale').addEventListener('change', (e) => {
    store.locale = e.target.value;
    writeHash();
    renderPreview();
  });
  $('#brand').addEventListener('change', (e) => {
    store.brand = e.target.value;
    writeHash();
    renderPreview();
  });
  $('#state').addEventListener('change', (e) => {
    store.previewState = e.target.value;
    resetData();
    renderSwitchers();
    writeHash();
    renderPreview();
  });
  for (const b of $$('[data-width]')) {
    if (b.tagName !== 'BUTTON') continue;
    b.addEventListener('click', () => {
      store.width = b.dataset.width;
      localStorage.setItem('studio.width', store.width);
      applyToggles();
    });
  }
  for (const b of $$('[data-scheme]')) {
    b.addEventListener('click', () => {
      store.scheme = b.dataset.scheme;
      localStorage.setItem('studio.scheme', store.scheme);
      applyToggles();
      if (store.render) showRender({ render: store.render, findings: findingsFor(store.render.templateId) });
    });
  }
  for (const b of $$('[data-tab]')) {
    b.addEventListener('click', () => {
      store.tab = b.dataset.tab;
      for (const x of $$('[data-tab]')) x.setAttribute('aria-selected', String(x === b));
      for (const p of $$('[data-panel]')) p.hidden = p.dataset.panel !== store.tab;
    });
  }
  for (const b of $$('[data-mail-tab]')) b.addEventListener('click', () => setMailTab(b.dataset.mailTab));
  let timer;
  $('#data-editor').addEventListener('input', () => {
    store.dataDirty = true;
    $('#data-status').textContent = 'edited';
    $('#data-status').className = 'hint-inline';
    clearTimeout(timer);
    timer = setTimeout(renderPreview, 250);
  });
  $('#data-reset').addEventListener('click', () => {
    resetData();
    renderPreview();
  });
  $('#copy-source').addEventListener('click', async () => {
    await navigator.clipboard?.writeText(store.render?.html ?? '');
    toast('HTML copied to the clipboard.');
  });
  $('#send-form').addEventListener('submit', sendTest);
  // Like Vite's overlay: Esc or a click outside the card hides it until the next build reports problems.
  $('#overlay').addEventListener('click', (e) => {
    if (e.target === $('#overlay')) $('#overlay').hidden = true;
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') $('#overlay').hidden = true;
  });
  $('#outbox-clear').addEventListener('click', async () => {
    if (store.outbox.length === 0 || !confirm(`Delete all ${store.outbox.length} messages from the outbox?`))
      return;
    await fetch('/api/outbox', { method: 'DELETE' });
    showMailEmpty();
    refreshOutbox();
  });
  $('#mail-delete').addEventListener('click', async () => {
    if (!store.mailId) return;
    await fetch(`/api/outbox/${encodeURIComponent(store.mailId)}`, { method: 'DELETE' });
    showMailEmpty();
    refreshOutbox();
  });
  $('#send-email').value = localStorage.getItem('studio.email') ?? 'jane@example.com';
  window.addEventListener('resize', () => fitFrame($('#preview-frame')));
}

function applyToggles() {
  $('#device').dataset.width = store.width;
  for (const b of $$('button[data-width]'))
    b.setAttribute('aria-pressed', String(b.dataset.width === store.width));
  for (const b of $$('button[data-scheme]'))
    b.setAttribute('aria-pressed', String(b.dataset.scheme === store.scheme));
  requestAnimationFrame(() => fitFrame($('#preview-frame')));
}

async function main() {
  bind();
  applyToggles();
  const route = readHash();
  if (route.params.get('locale')) store.locale = route.params.get('locale');
  if (route.params.get('brand')) store.brand = route.params.get('brand');
  await loadState();
  connectEvents();
  const first = template(route.view === 'templates' ? route.id : null) ?? store.state.templates[0];
  if (first) {
    store.previewState = route.params.get('state');
    selectTemplate(first.id, { keepState: true });
  }
  if (route.view === 'outbox') {
    store.mailId = route.id;
    setView('outbox');
  } else {
    refreshOutbox();
  }
  setInterval(() => {
    for (const el of $$('#mail-list .when')) el.textContent = ago(el.title);
  }, 15_000);
}

main().catch((error) => toast([h('b', {}, 'Studio failed to start: '), error.message], true));
