import { $ } from './dom.js';
import { drawChart } from './chart.js';

// The charts' 15 minutes: throughput history from Redis, then one live point per pushed 'stats' message.
const windowMs = 15 * 60 * 1000;
const series = { throughput: [], latency: [] };
let latest = null;

const rate = v => v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString();
const ms = v => v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

// The live rate is the mean of the last 10 s; the history's per-second counts get the same mean, so both halves of a line agree.
function trailingMean(points, seconds) {
  let sum = 0;
  return points.map((p, i) => {
    sum += p.v - (i >= seconds ? points[i - seconds].v : 0);
    return { t: p.t, v: sum / Math.min(i + 1, seconds) };
  });
}

export async function loadHistory(api) {
  try {
    const history = await api('GET', '/api/v1/stats/history?window=15m');
    // The newest seconds may not be flushed to Redis yet; live points cover them.
    const until = Math.min(series.throughput[0]?.t ?? Infinity, Date.now() - 2000);
    const points = trailingMean(history.points.map(p => ({ t: Date.parse(p.at), v: p.completed })), 10);
    series.throughput = [...points.filter(p => p.t < until), ...series.throughput];
    $('#throughput-note').textContent = '';
  } catch (error) {
    $('#throughput-note').textContent = `History unavailable: ${error.message} Drawing live points only.`;
  }
  redraw();
}

export function applyStats(stats) {
  latest = Date.parse(stats.generatedAt);
  series.throughput.push({ t: latest, v: stats.completedPerSecond });
  series.latency.push({ t: latest, v: stats.p95Ms.submitToDone });
  for (const points of Object.values(series)) {
    while (points.length && points[0].t < latest - windowMs) points.shift();
  }
  $('[data-stat=throughput] .value').textContent = rate(stats.completedPerSecond);
  $('[data-stat=p95] .value').textContent = ms(stats.p95Ms.submitToDone);
  redraw();
}

const summary = (what, format) => points => {
  const values = points.map(p => p.v);
  return values.length === 0
    ? `${what}, last 15 minutes: no data yet.`
    : `${what}, last 15 minutes: now ${format(values.at(-1))}, peak ${format(Math.max(...values))}, ${values.length} points.`;
};

export function redraw() {
  // The server's clock places the points; the browser's may differ.
  const now = latest ?? Date.now();
  drawChart($('#throughput-chart'), series.throughput, { now, windowMs, format: rate, describe: summary('Tasks completed per second (10 s mean)', rate) });
  drawChart($('#latency-chart'), series.latency, { now, windowMs, format: ms, describe: summary('95th percentile submit to done latency', ms) });
}
