import { validate } from './schema.js';
import { $, el, time } from './dom.js';
import { applyStats, loadHistory, redraw } from './live-stats.js';
import { renderAlerts } from './alerts.js';

const statuses = ['queued', 'scheduled', 'running', 'retrying', 'succeeded', 'failed', 'dead-lettered', 'cancelled'];
const state = { csrf: '', types: [], cursors: [null], page: 0, view: 'tasks', detailId: null, source: null };

async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': state.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) { showSignIn(); throw new Error('Signed out'); }
  const json = response.status === 204 ? null : await response.json();
  if (!response.ok) throw Object.assign(new Error(json?.detail ?? response.statusText), { problem: json });
  return json;
}

const badge = status => el('span', { class: `status status-${status}` }, status);

async function start() {
  const session = await (await fetch('/auth/session')).json();
  state.csrf = session.antiforgeryToken;
  if (!session.user) { showSignIn(); return; }
  $('#sign-in').hidden = true;
  $('#app').hidden = false;
  for (const s of statuses) $('#filter-status').append(el('option', { value: s }, s));
  connectLive();
  await Promise.all([loadTypes(), loadPage(), loadLinks(), loadHistory(api)]);
}

function showSignIn() {
  state.source?.close();
  $('#splash').hidden = true;
  $('#app').hidden = true;
  $('#sign-in').hidden = false;
}

$('#sign-in-form').addEventListener('submit', async event => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    await api('POST', '/auth/sign-in', { name: form.get('name'), password: form.get('password') });
    $('#splash').hidden = false;
    await start();
  } catch (error) { $('#sign-in-error').textContent = error.message; }
});

$('#sign-out').addEventListener('click', async () => { await api('POST', '/auth/sign-out'); location.reload(); });

// Live updates: counts, every task event, the statistics each second and the alerts when they change, pushed by the server.
function connectLive() {
  state.source?.close();
  const source = new EventSource('/live/events');
  state.source = source;
  source.addEventListener('counts', event => { renderCounts(JSON.parse(event.data).counts); $('#splash').hidden = true; });
  source.addEventListener('tasks', event => applyEvents(JSON.parse(event.data).events));
  source.addEventListener('stats', event => applyStats(JSON.parse(event.data)));
  source.addEventListener('alerts', event => renderAlerts(JSON.parse(event.data)));
}
window.addEventListener('resize', redraw);

function renderCounts(counts) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const cards = [['total', total], ...statuses.map(s => [s, counts[s] ?? 0])];
  $('#stats').replaceChildren(...cards.map(([label, value]) =>
    el('div', { class: 'stat glass', 'data-stat': label }, el('div', { class: 'label' }, label), el('div', { class: 'value' }, value.toLocaleString()))));
}

let reloadTimer = null;
function applyEvents(events) {
  let newTasks = false;
  for (const e of events) {
    const row = document.querySelector(`tr[data-id="${e.taskId}"]`);
    // Batches may arrive out of order: never let an older event overwrite a newer state.
    if (row && (!row.dataset.at || row.dataset.at <= e.occurredAt)) {
      row.dataset.at = e.occurredAt;
      row.querySelector('.status').replaceWith(badge(e.status));
      row.cells[4].textContent = e.attempt;
      row.cells[6].textContent = time(e.occurredAt);
    } else if (!row && e.eventType === 'task.submitted') newTasks = true;
    if (e.taskId === state.detailId) openDetail(e.taskId);
  }
  // New tasks appear on the first page; reloading it at most once a second keeps bursts cheap.
  if (newTasks && state.page === 0 && state.view !== 'cluster' && !reloadTimer) {
    reloadTimer = setTimeout(() => { reloadTimer = null; loadPage(); }, 1000);
  }
}

function filters() {
  const form = new FormData($('#filters'));
  const query = new URLSearchParams();
  for (const name of ['status', 'type', 'tag']) if (form.get(name)) query.set(name, form.get(name));
  for (const name of ['from', 'to']) if (form.get(name)) query.set(name, new Date(form.get(name)).toISOString());
  return query;
}

let loads = 0;
async function loadPage() {
  // Live reloads and the user's own clicks overlap: only the latest request may fill the table.
  const load = ++loads;
  const query = filters();
  const cursor = state.cursors[state.page];
  if (cursor) query.set('cursor', cursor);
  query.set('limit', '20');
  const page = await api('GET', `/api/v1/tasks?${query}`);
  if (load !== loads) return;
  $('#tasks-table tbody').replaceChildren(...page.items.map(task => {
    const row = el('tr', { 'data-id': task.id, tabindex: '0' },
      el('td', {}, el('code', {}, task.id.slice(0, 8) + '…')), el('td', {}, task.type), el('td', {}, badge(task.status)),
      el('td', {}, task.tags.join(', ')), el('td', {}, task.attempt), el('td', {}, time(task.submittedAt)), el('td', {}, time(task.updatedAt)));
    row.addEventListener('click', () => openDetail(task.id));
    row.addEventListener('keydown', event => { if (event.key === 'Enter') openDetail(task.id); });
    return row;
  }));
  state.cursors[state.page + 1] = page.nextCursor;
  $('#next-page').disabled = !page.nextCursor;
  $('#prev-page').disabled = state.page === 0;
  $('#page-number').textContent = `Page ${state.page + 1}`;
}

$('#filters').addEventListener('submit', async event => {
  event.preventDefault();
  const id = $('#search').value.trim();
  if (id) { openDetail(id); return; }
  state.cursors = [null]; state.page = 0;
  await loadPage();
});
$('#next-page').addEventListener('click', () => { state.page++; loadPage(); });
$('#prev-page').addEventListener('click', () => { state.page--; loadPage(); });

$('#retry-all').addEventListener('click', async () => {
  const query = filters();
  const body = Object.fromEntries(query);
  const result = await api('POST', '/api/v1/tasks/retry-matching', body);
  $('#retry-result').textContent = `Retried ${result.retried} of ${result.matched} matching tasks${result.moreMatched ? ' (more match: run again)' : ''}.`;
  state.cursors = [null]; state.page = 0;
  await loadPage();
});

for (const button of document.querySelectorAll('[data-view]')) {
  button.addEventListener('click', () => showView(button.dataset.view));
}

async function showView(view) {
  state.view = view;
  for (const button of document.querySelectorAll('[data-view]')) button.setAttribute('aria-pressed', String(button.dataset.view === view));
  $('#view-tasks').hidden = view === 'cluster';
  $('#view-cluster').hidden = view !== 'cluster';
  $('#retry-all').hidden = view !== 'failed';
  $('#tasks-title').textContent = view === 'failed' ? 'Failed and dead-lettered' : 'Tasks';
  if (view === 'cluster') { await loadCluster(); return; }
  $('#filter-status').value = view === 'failed' ? 'failed' : '';
  state.cursors = [null]; state.page = 0;
  await loadPage();
}

async function loadCluster() {
  const cluster = await api('GET', '/api/v1/cluster');
  $('#cluster').replaceChildren(
    el('p', {}, `${cluster.silos.filter(s => s.status === 'active').length} active silos; ${cluster.queueCount} task queues` +
      (cluster.unownedQueues.length ? `; unowned: ${cluster.unownedQueues.join(', ')}` : '')),
    el('div', { class: 'silos' }, ...cluster.silos.map(silo => el('article', { class: 'silo glass' },
      el('h3', {}, silo.name || silo.address), el('p', {}, `${silo.status} · ${silo.hostName}`),
      el('p', {}, `Activations: ${silo.activations ?? '—'}`), el('p', {}, `Queues: ${silo.queues.join(', ') || 'none'}`),
      el('p', { class: 'hint' }, `Started ${time(silo.startedAt)}`)))));
}

async function openDetail(id) {
  state.detailId = id;
  const dialog = $('#detail');
  let task;
  try { task = await api('GET', `/api/v1/tasks/${encodeURIComponent(id)}`); } catch (error) {
    $('#detail-body').replaceChildren(el('p', { class: 'error' }, error.message));
    if (!dialog.open) dialog.showModal();
    return;
  }
  const actions = el('div', { class: 'actions' });
  if (['queued', 'scheduled', 'retrying', 'running'].includes(task.status)) actions.append(actionButton('Cancel', task.id, 'cancel'));
  if (['failed', 'dead-lettered', 'cancelled'].includes(task.status)) actions.append(actionButton('Retry', task.id, 'retry'));
  $('#detail-title').textContent = `Task ${task.type}`;
  $('#detail-body').replaceChildren(
    el('p', {}, el('code', {}, task.id), ' ', badge(task.status), ` attempt ${task.attempt} of ${task.maxAttempts}`),
    actions,
    el('h3', {}, 'Timeline'),
    el('ol', { class: 'timeline' }, ...task.timeline.map(t => el('li', {}, `${time(t.occurredAt)} ${t.eventType} (attempt ${t.attempt})${t.message ? ': ' + t.message : ''}`))),
    el('h3', {}, 'Attempts'),
    el('ol', { class: 'timeline' }, ...task.attempts.map(a => el('li', {}, `#${a.attempt} ${a.outcome} on ${a.silo ?? '?'}` +
      (a.durationMs != null ? ` in ${Math.round(a.durationMs)} ms` : '') + (a.error ? ` — ${a.error.type}: ${a.error.message}` : '')))),
    el('h3', {}, 'Payload'), el('pre', {}, JSON.stringify(task.payload, null, 2)),
    el('h3', {}, 'Result'), el('pre', {}, task.result === null || task.result === undefined ? '—' : JSON.stringify(task.result, null, 2)));
  if (!dialog.open) dialog.showModal();
}

function actionButton(label, id, action) {
  const button = el('button', { type: 'button', 'data-action': action }, label);
  button.addEventListener('click', async () => {
    try { await api('POST', `/api/v1/tasks/${id}/${action}`); await openDetail(id); } catch (error) { button.after(el('span', { class: 'error' }, ' ' + error.message)); }
  });
  return button;
}

async function loadTypes() {
  state.types = (await api('GET', '/api/v1/task-types')).items;
  $('#new-type').replaceChildren(...state.types.map(t => el('option', { value: t.type }, t.type)));
  for (const t of state.types) $('#filter-type').append(el('option', { value: t.type }, t.type));
  describeType();
}

function describeType() {
  const type = state.types.find(t => t.type === $('#new-type').value);
  $('#new-type-description').textContent = type?.description ?? '';
}
$('#new-type').addEventListener('change', describeType);

$('#new-form').addEventListener('submit', async event => {
  event.preventDefault();
  const errors = [];
  const type = state.types.find(t => t.type === $('#new-type').value);
  let payload;
  try { payload = JSON.parse($('#new-payload').value || '{}'); } catch (error) { errors.push(`/payload: not JSON (${error.message})`); }
  if (payload !== undefined) errors.push(...validate(type?.payloadSchema, payload));
  const count = Number($('#new-count').value);
  if (!Number.isInteger(count) || count < 1 || count > 1000) errors.push('count: must be 1 to 1000');
  $('#new-errors').replaceChildren(...errors.map(e => el('li', {}, e)));
  if (errors.length) return;
  const tags = $('#new-tags').value.split(',').map(t => t.trim()).filter(Boolean);
  const submission = { type: type.type, payload, tags };
  try {
    if (count === 1) {
      const accepted = await api('POST', '/api/v1/tasks', submission);
      $('#new-result').textContent = `Submitted task ${accepted.taskId}.`;
    } else {
      const result = await api('POST', '/api/v1/tasks/batch', { tasks: Array.from({ length: count }, () => submission) });
      $('#new-result').textContent = `Submitted ${result.accepted} tasks; ${result.rejected} rejected.`;
    }
  } catch (error) {
    const serverErrors = error.problem?.errors ? Object.entries(error.problem.errors).map(([k, v]) => `${k}: ${v.join(' ')}`) : [error.message];
    $('#new-errors').replaceChildren(...serverErrors.map(e => el('li', {}, e)));
  }
});

async function loadLinks() {
  const dashboard = await api('GET', '/api/v1/dashboard');
  $('#launcher-links').replaceChildren(...dashboard.links.map(l => el('li', {}, el('a', { href: l.url, target: '_blank', rel: 'noopener' }, l.name))));
}

const open = id => { const dialog = $(id); if (!dialog.open) dialog.showModal(); };
$('#open-new').addEventListener('click', () => open('#new-task'));
$('#open-launcher').addEventListener('click', () => open('#launcher'));
for (const close of document.querySelectorAll('dialog .close')) close.addEventListener('click', () => close.closest('dialog').close());
$('#detail').addEventListener('close', () => { state.detailId = null; });

// Keyboard: N new task, U launcher, / search; Esc closes dialogs (native to <dialog>).
document.addEventListener('keydown', event => {
  if ($('#app').hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest('input, textarea, select') || document.querySelector('dialog[open]')) return;
  if (event.key === 'n' || event.key === 'N') { event.preventDefault(); open('#new-task'); }
  else if (event.key === 'u' || event.key === 'U') { event.preventDefault(); open('#launcher'); }
  else if (event.key === '/') { event.preventDefault(); $('#search').focus(); }
});

start().catch(error => { $('#splash').querySelector('p').textContent = `Could not start: ${error.message}`; });
