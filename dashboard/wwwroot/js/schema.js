// Checks a payload against the subset of JSON Schema the task types use (type, required, properties,
// additionalProperties, minimum/maximum, minLength/maxLength, enum), so the form can say what is wrong
// before submitting. The server checks again with the full validator.
export function validate(schema, value, path = '/payload') {
  const errors = [];
  check(schema ?? {}, value, path, errors);
  return errors;
}

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function check(schema, value, path, errors) {
  if (typeof schema !== 'object') return;
  const actual = typeOf(value);
  if (schema.type) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    const ok = allowed.some(t => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) { errors.push(`${path}: must be ${allowed.join(' or ')}`); return; }
  }
  if (schema.enum && !schema.enum.some(e => JSON.stringify(e) === JSON.stringify(value))) errors.push(`${path}: must be one of ${schema.enum.map(e => JSON.stringify(e)).join(', ')}`);
  if (actual === 'integer' || actual === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: must be at most ${schema.maximum}`);
  }
  if (actual === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: must have at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${path}: must have at most ${schema.maxLength} characters`);
  }
  if (actual === 'object') {
    for (const name of schema.required ?? []) if (!(name in value)) errors.push(`${path}/${name}: is required`);
    const properties = schema.properties ?? {};
    for (const [name, item] of Object.entries(value)) {
      if (name in properties) check(properties[name], item, `${path}/${name}`, errors);
      else if (schema.additionalProperties === false) errors.push(`${path}/${name}: is not allowed`);
    }
  }
}
