// The ignorer Stryker runs with (stryker.config.mjs): which mutants of the reference are left
// unmutated, and why. Two kinds: code no conformance rule can see (answer texts, error
// messages, harness-only members), and the lines recorded in ./equivalents.mjs, where a
// mutant survives because it is equivalent or its behaviour is outside the rules. Keeping the
// record here, not as comments in the reference, leaves the reference readable as the example
// adapter authors are told to read.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';
import path from 'node:path';
import { RECORDED } from './equivalents.mjs';

const HARNESS_MEMBERS = {
  // Listening, stopping and the network-fault barrier; the REST admin API's own login.
  ReferenceServer: ['start', 'url', 'adminUrl', 'port', 'stop', 'whenClosed', 'verifyAdminTicket'],
  // The settle and network-fault barriers, and the harness's stop.
  ReferenceClient: ['idle', 'ping', 'whenDisconnected', 'dispose'],
};

/** @param {any} path a Babel NodePath */
function notInTheRules(path) {
  const parent = path.parentPath;
  if (parent?.isObjectProperty() && path.key === 'value' && parent.node.key.name === 'desc') return 'answer text (desc): no rule reads it';
  if (parent?.isNewExpression() && path.listKey === 'arguments' && parent.node.callee.name === 'Error') return 'error message text';
  if (path.isClassMethod() || path.isClassPrivateMethod()) {
    const owner = path.parentPath.parentPath.node.id?.name;
    const name = path.node.key.name ?? path.node.key.id?.name;
    if (HARNESS_MEMBERS[owner]?.includes(name)) return `${owner}.${name}: serves the harness, not an SDK user`;
  }
  return undefined;
}

/** The named function or class a node sits in: `ReferenceClient.#login`, `reconnectDelayMs`, or `(module)`. */
export function scopeOf(path) {
  const names = [];
  for (let p = path.parentPath; p; p = p.parentPath) {
    if (p.isClassMethod() || p.isClassPrivateMethod() || p.isClassProperty()) names.unshift(p.node.key.name ?? `#${p.node.key.id.name}`);
    else if (p.isClassDeclaration() || p.isFunctionDeclaration()) names.unshift(p.node.id.name);
    else if (p.isFunction() && p.parentPath.isVariableDeclarator()) names.unshift(p.parentPath.node.id.name);
  }
  return names.length ? names.join('.') : '(module)';
}

/**
 * The recorded entries a file's lines match, with the first node that starts on each matching
 * line. Each entry must match exactly one line: `check` reports the ones that do not.
 */
export function placeRecorded(program, fileName) {
  const relative = path.relative(process.cwd(), fileName).split(path.sep).join('/');
  const entries = RECORDED.filter((entry) => entry.file === relative);
  const lines = program.hub.file.code.split("\n");
  const placed = new Map(entries.map((entry) => [entry, []]));
  const seen = new Set();
  program.traverse({
    enter(p) {
      const line = p.node.loc?.start.line;
      if (line === undefined || seen.has(line)) return;
      seen.add(line);
      const text = lines[line - 1].trim();
      for (const entry of entries) if (entry.line === text && entry.in === scopeOf(p)) placed.get(entry).push(p);
    },
  });
  return placed;
}

/**
 * On entering a file, each recorded line gets the `// Stryker disable next-line` directive it
 * would have as a comment: Stryker reads directives as it enters each node, after this ran on the
 * file's Program node, so a recorded line ignores exactly the mutators it names, as the comment did.
 */
function recordedEquivalents(program) {
  if (!program.isProgram()) return undefined;
  for (const [entry, paths] of placeRecorded(program, program.hub.file.opts.filename)) {
    if (paths.length !== 1) throw new Error(`mutation/equivalents.mjs: "${entry.line}" in ${entry.in} of ${entry.file} matches ${paths.length} lines, not 1: update the record`);
    const node = paths[0].node;
    const directive = { type: 'CommentLine', value: ` Stryker disable next-line ${entry.mutators.join(',')}: ${entry.why}`, loc: node.loc };
    node.leadingComments = [...(node.leadingComments ?? []), directive];
  }
  return undefined;
}

const shouldIgnore = (path) => recordedEquivalents(path) ?? notInTheRules(path);
export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'not-in-the-rules', { shouldIgnore })];
