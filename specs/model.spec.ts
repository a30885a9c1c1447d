// model: random sequences of operations across several clients, users and platforms; after
// every step, every observable of the implementation must equal the independent model's.
// Commands use only the capabilities the adapter declares (fixtures/model/commands.ts).
import fc from 'fast-check';
import { describe } from 'vitest';
import { type Capability, type Platform } from '../adapters/contract.ts';
import type { CheckedClient } from '../fixtures/checked-adapter.ts';
import { kindsFor, swarmCommands, USERS } from '../fixtures/model/commands.ts';
import { LoginModel } from '../fixtures/model/login-model.ts';
import { POLICIES } from '../fixtures/model/policy.ts';
import { property, replayPathOf, spec } from '../fixtures/spec.ts';

describe('model', () => {
  spec('model.sequences', 'random sequences of operations on several clients agree with the model after every step', async (s, ctx) => {
    const has = (c: Capability) => s.has(c);
    const replayPath = replayPathOf(s.config);
    // Up to five clients on one to three platforms, so instances meet on a platform (and kick) often.
    const few = (['android', 'iphone', 'web'] as const).filter((p) => s.platforms.includes(p));
    const platforms = fc
      .subarray<Platform>(few.length ? few : [s.platforms[0]!], { minLength: 1 })
      .chain((kinds) => fc.array(fc.constantFrom(...kinds), { minLength: 2, maxLength: 5 }));
    // One user piles instances up (limits, kicks); several meet the case-sensitivity of IDs.
    const users = fc.subarray<string>([...USERS], { minLength: 1 });
    // Where the console can be set, most sequences start from their own policy and limits
    // (small ones: five clients can only go past a limit of four).
    const settings = has('login-policy')
      ? fc.option(fc.record({ policy: fc.constantFrom(...POLICIES), maxInstances: fc.record({ android: fc.integer({ min: 1, max: 3 }), iphone: fc.integer({ min: 1, max: 3 }), web: fc.integer({ min: 1, max: 4 }) }) }), { nil: undefined })
      : fc.constant(undefined);
    const scenario = fc.tuple(platforms, users).chain(([ps, us]) =>
      fc.record({
        platforms: fc.constant(ps),
        users: fc.constant(us),
        settings,
        commands: swarmCommands(kindsFor(has, ps, us, s.adapter.gatedApis), replayPath),
      }),
    );
    await property(ctx, scenario, async ({ platforms: ps, users: us, settings: initial, commands }, scene) => {
      const clients: CheckedClient[] = [];
      for (const p of ps) clients.push(await scene.client(p));
      const model = new LoginModel(ps);
      if (initial) {
        model.configure(initial);
        await scene.configure(initial);
      }
      await fc.asyncModelRun(() => ({ model, real: { scene, clients, users: us } }), commands);
    }, { runs: 50 });
  });
});
