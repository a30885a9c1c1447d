// A small JSON Schema (draft 2020-12) validator for the keywords the driver protocol's schema
// uses, written from the specification and independent of zod: the traffic test checks real
// messages against the exported document with it, as a driver in another language would with
// its own validator. An unknown keyword is an error, so the schema cannot use one unchecked.
export type Schema = boolean | { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', '$comment', 'format', 'deprecated', 'readOnly', 'writeOnly']);
const KNOWN = new Set([
  ...ANNOTATIONS,
  '$defs',
  '$ref',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
]);

const typeOf = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
};

const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Errors of `value` against `schema` (empty when valid); `root` resolves local "#/$defs/NAME" references. */
export function validate(schema: Schema, value: unknown, root: Schema = schema, at = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: no value is allowed here`];
  const errors: string[] = [];
  const fail = (message: string) => errors.push(`${at}: ${message}`);
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN.has(keyword) && !keyword.startsWith('x-')) throw new Error(`the validator does not know the keyword "${keyword}" (at ${at})`);
  }
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') {
    const match = /^#\/\$defs\/(.+)$/.exec(s.$ref);
    const target = match && typeof root === 'object' ? (root.$defs as Record<string, Schema> | undefined)?.[decodeURIComponent(match[1]!)] : undefined;
    if (target === undefined) throw new Error(`unresolvable $ref "${s.$ref}" (at ${at})`);
    errors.push(...validate(target, value, root, at));
  }
  const t = typeOf(value);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) fail(`expected ${types.join(' or ')}, got ${t}`);
  }
  if ('const' in s && !deepEqual(s.const, value)) fail(`expected ${JSON.stringify(s.const)}, got ${JSON.stringify(value)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, value))) fail(`expected one of ${JSON.stringify(s.enum)}, got ${JSON.stringify(value)}`);
  if (t === 'string') {
    const str = value as string;
    const length = [...str].length;
    if (typeof s.minLength === 'number' && length < s.minLength) fail(`shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && length > s.maxLength) fail(`longer than ${s.maxLength}`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(str)) fail(`does not match ${s.pattern}`);
  }
  if (t === 'number' || t === 'integer') {
    const n = value as number;
    if (typeof s.minimum === 'number' && n < s.minimum) fail(`less than ${s.minimum}`);
    if (typeof s.maximum === 'number' && n > s.maximum) fail(`more than ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && n <= s.exclusiveMinimum) fail(`not more than ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && n >= s.exclusiveMaximum) fail(`not less than ${s.exclusiveMaximum}`);
  }
  if (t === 'array') {
    const items = value as unknown[];
    if (typeof s.minItems === 'number' && items.length < s.minItems) fail(`fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && items.length > s.maxItems) fail(`more than ${s.maxItems} items`);
    if (s.items !== undefined) items.forEach((item, i) => errors.push(...validate(s.items as Schema, item, root, `${at}[${i}]`)));
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required as string[] | undefined) ?? []) if (!(key in obj)) fail(`missing required "${key}"`);
    for (const [key, v] of Object.entries(obj)) {
      if (s.propertyNames !== undefined) errors.push(...validate(s.propertyNames as Schema, key, root, `${at}{${key}}`));
      if (key in properties) errors.push(...validate(properties[key]!, v, root, `${at}.${key}`));
      else if (s.additionalProperties !== undefined) errors.push(...validate(s.additionalProperties as Schema, v, root, `${at}.${key}`));
    }
  }
  const passes = (sub: Schema) => validate(sub, value, root, at).length === 0;
  const passing = (list: unknown) => (list as Schema[]).filter(passes).length;
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some(passes)) fail('matches none of anyOf');
  if (Array.isArray(s.oneOf)) {
    const n = passing(s.oneOf);
    if (n !== 1) fail(`matches ${n} of oneOf, not exactly one`);
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) errors.push(...validate(sub, value, root, at));
  if (s.not !== undefined && validate(s.not as Schema, value, root, at).length === 0) fail('matches "not"');
  return errors;
}
