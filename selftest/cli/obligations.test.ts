// Every obligation the suite enforces is written where an adapter author reads it: each kind of
// contract breach and each thing the model compares has its entry in docs/writing-an-adapter.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAPTER_FAULTS } from '../../fixtures/meta.ts';
import { MODEL_OBSERVATIONS } from '../../fixtures/model/commands.ts';
import { PROJECT_ROOT } from '../run-cli.ts';

const guide = readFileSync(`${PROJECT_ROOT}/docs/writing-an-adapter.md`, 'utf8');

describe('the adapter guide documents', () => {
  it.each(Object.keys(ADAPTER_FAULTS))('the contract breach %s, in the table of breaches', (fault) => {
    expect(guide).toContain(`| \`${fault}\` |`);
  });
  it.each(Object.keys(MODEL_OBSERVATIONS))('what model.sequences compares: %s', (observation) => {
    const section = guide.slice(guide.indexOf('**What `model.sequences` compares.**'));
    expect(section.split('\n')[0]).toContain(`\`${observation}\``);
  });
});
