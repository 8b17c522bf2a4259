// A line chart drawn as inline SVG: no library, sized to its element, with a text summary for screen readers.
const ns = 'http://www.w3.org/2000/svg';
const pad = { left: 48, right: 10, top: 10, bottom: 20 };

function svg(tag, attributes, content) {
  const node = document.createElementNS(ns, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (content !== undefined) node.textContent = content;
  return node;
}

// The axis top: 1, 2 or 5 times a power of ten, so the gridline labels stay round.
function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map(step => step * power).find(top => top >= value);
}

/**
 * Draws `points` ({t: epoch ms, v: number or null}, oldest first) over the `windowMs` ending at `now`.
 * A null value or a gap longer than `gapMs` breaks the line rather than bridging missing data.
 */
export function drawChart(element, points, { now, windowMs, gapMs = 5000, format, describe }) {
  const width = Math.max(element.clientWidth, 200);
  const height = Math.max(element.clientHeight, 100);
  const drawn = points.filter(p => p.v !== null && p.t >= now - windowMs);
  const top = niceMax(Math.max(0, ...drawn.map(p => p.v)));
  const x = t => pad.left + (t - (now - windowMs)) / windowMs * (width - pad.left - pad.right);
  const y = v => pad.top + (1 - v / top) * (height - pad.top - pad.bottom);

  const children = [];
  for (const fraction of [0, 0.5, 1]) {
    const at = y(top * fraction).toFixed(1);
    children.push(svg('line', { class: 'grid', x1: pad.left, x2: width - pad.right, y1: at, y2: at }));
    children.push(svg('text', { x: pad.left - 6, y: at, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, format(top * fraction)));
  }
  children.push(svg('text', { x: pad.left, y: height - 4 }, `−${Math.round(windowMs / 60000)} min`));
  children.push(svg('text', { x: width - pad.right, y: height - 4, 'text-anchor': 'end' }, 'now'));

  let line = '';
  let previous = null;
  for (const point of drawn) {
    const move = previous === null || point.t - previous.t > gapMs;
    line += `${move ? 'M' : 'L'}${x(point.t).toFixed(1)},${y(point.v).toFixed(1)}`;
    previous = point;
  }
  children.push(svg('path', { class: 'line', d: line, 'data-points': drawn.length }));
  // The newest point as a dot, so a lone point (the first seconds of a live-only series) shows too.
  if (previous !== null) children.push(svg('circle', { class: 'last', cx: x(previous.t).toFixed(1), cy: y(previous.v).toFixed(1), r: 3 }));

  element.setAttribute('viewBox', `0 0 ${width} ${height}`);
  element.replaceChildren(...children);
  element.setAttribute('aria-label', describe(drawn));
}
