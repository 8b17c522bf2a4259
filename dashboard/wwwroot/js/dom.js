// The few DOM helpers every module of the UI builds with.
export const $ = selector => document.querySelector(selector);

const text = value => document.createTextNode(value ?? '');

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children.map(c => typeof c === 'object' ? c : text(String(c))));
  return node;
}

export const time = value => value ? new Date(value).toLocaleString() : '';
