// Hostile: declares "admin-kick", but its harness has no kick().
import type { Adapter } from '../../../adapters/contract.ts';
import reference from '../../../adapters/reference/index.ts';

const adapter: Adapter = {
  ...reference,
  name: 'hostile:missing-part',
  async start(options) {
    const harness = await reference.start(options);
    Object.defineProperty(harness, 'kick', { value: undefined });
    return harness;
  },
};
export default adapter;
