import { $ } from './dom.js';
import { drawChart } from './chart.js';

// The charts' 15 minutes: throughput and latency history from Redis, then one live point per pushed 'stats' message.
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
    // Each second's own p95, as the live points are; a second where nothing ended has none (null, a gap).
    const latencyUntil = series.latency[0]?.t ?? Infinity;
    const latency = history.points.map(p => ({ t: Date.parse(p.at), v: p.submitToDone?.p95Ms ?? null }));
    series.latency = [...latency.filter(p => p.t < latencyUntil), ...series.latency];
    for (const note of ['#throughput-note', '#latency-note']) $(note).textContent = '';
  } catch (error) {
    for (const note of ['#throughput-note', '#latency-note']) $(note).textContent = `History unavailable: ${error.message} Drawing live points only.`;
  }
  redraw();
}

export function applyStats(stats) {
  latest = Date.parse(stats.generatedAt);
  series.throughput.push({ t: latest, v: stats.completedPerSecond });
  // The newest settled second; a tick may see the same second twice, or skip one.
  const second = stats.latencySecond;
  if (second && Date.parse(second.at) > (series.latency.at(-1)?.t ?? -Infinity)) series.latency.push({ t: Date.parse(second.at), v: second.submitToDoneP95Ms });
  for (const points of Object.values(series)) {
    while (points.length && points[0].t < latest - windowMs) points.shift();
  }
  $('[data-stat=throughput] .value').textContent = rate(stats.completedPerSecond);
  $('[data-stat=p95] .value').textContent = ms(stats.p95MsLastMinute?.submitToDone ?? null);
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
  drawChart($('#latency-chart'), series.latency, { now, windowMs, format: ms, describe: summary('95th percentile submit to done latency, per second', ms) });
}
