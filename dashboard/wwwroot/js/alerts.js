import { $, el, time } from './dom.js';

// The active alerts of an 'alerts' message (alert-list.json), newest first. Only http(s) runbook links become links.
export function renderAlerts(list) {
  $('#alerts-count').textContent = list.alerts.length ? ` (${list.alerts.length})` : '';
  $('#alerts-empty').hidden = list.alerts.length > 0;
  $('#alerts-list').replaceChildren(...list.alerts.map(alert => el('li', { class: 'alert', 'data-fingerprint': alert.fingerprint, 'data-severity': alert.severity ?? 'none' },
    el('div', { class: 'alert-head' }, el('span', { class: 'severity' }, alert.severity ?? 'no severity'), ' ', el('strong', {}, alert.name)),
    alert.summary ? el('p', {}, alert.summary) : '',
    el('p', { class: 'hint' }, 'Since ', el('time', { datetime: alert.startsAt }, time(alert.startsAt)),
      ...(/^https?:\/\//i.test(alert.runbookUrl ?? '') ? [' · ', el('a', { href: alert.runbookUrl, target: '_blank', rel: 'noopener' }, 'Runbook')] : [])))));
}
