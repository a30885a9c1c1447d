// `im-conformance init-adapter NAME [--out FILE]`: writes a skeleton adapter module that
// type-checks as it is, with a TODO wherever the SDK under test comes in. The guide
// (docs/writing-an-adapter.md) says what each call must do.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAPABILITIES, GATED_APIS } from '../../adapters/contract.ts';
import { UsageError } from '../errors.ts';

const CONTRACT = fileURLToPath(new URL('../../adapters/contract.ts', import.meta.url));

/**
 * The import specifier of the contract as seen from `file`: the package's name where the suite is
 * installed as a package (node_modules/im-conformance); else, in a checkout of the suite, the path.
 */
function contractImport(file: string): string {
  if (CONTRACT.split(sep).includes('node_modules')) return 'im-conformance';
  const rel = relative(dirname(file), CONTRACT).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export function adapterSkeleton(name: string, file: string): string {
  return `// The im-conformance adapter for ${name}: the SDK under test behind the adapter contract.
// Replace every TODO, then: npx im-conformance run --adapter ${shellPath(file)}
// What each call must do, the capabilities and the codes: docs/writing-an-adapter.md.
import { defineAdapter, type Answer, type Client, type ClientOptions, type Harness, type IssueSigOptions } from '${contractImport(file)}';

const todo = (what: string): never => {
  throw new Error(\`TODO (${name} adapter): \${what}\`);
};

export default defineAdapter({
  name: '${name}',
  version: '0.0.0', // TODO: the version of the SDK under test
  // Optional features this harness offers, from the closed list (each unlocks rules):
  // ${CAPABILITIES.map((c) => `'${c}'`).join(', ')}.
  capabilities: [],
  // TODO: every representative gated API the SDK has, of ${GATED_APIS.join(', ')}.
  gatedApis: ['getUsersInfo'],
  codes: {}, // TODO: native codes that differ from the Tencent table, e.g. { 2025: 'login-in-progress' }

  async start(): Promise<Harness> {
    // TODO: start (or reach) a fresh deployment: the IM server and the business server that issues tickets.
    return {
      async createClient({ platform, onEvent }: ClientOptions): Promise<Client> {
        // TODO: a new SDK instance on \`platform\`, not initialised. Forward every listener
        // callback, in order: onEvent({ kind: 'connecting' }), { kind: 'kickedOffline' }, ...
        void platform;
        void onEvent;
        return {
          init: async (): Promise<Answer> => todo('init: start the SDK; { code: 0 } even if the connection then fails'),
          unInit: async (): Promise<Answer> => todo('unInit'),
          login: async (userId: string, userSig: string): Promise<Answer> => todo(\`login(\${userId}, \${userSig.length}-character ticket)\`),
          logout: async (): Promise<Answer> => todo('logout'),
          getLoginUser: async (): Promise<Answer> => todo("getLoginUser: data is the user ID, '' when logged out"),
          getLoginStatus: async (): Promise<Answer> => todo("getLoginStatus: data is 'logged-in', 'logging-in' or 'logged-out'"),
          getConversationList: async (): Promise<Answer> => todo('getConversationList'),
          callGated: async (api): Promise<Answer> => todo(\`callGated(\${api})\`),
        };
      },
      async issueSig(userId: string, { ttlSeconds = 86_400, signWith = 'app' }: IssueSigOptions = {}): Promise<string> {
        return todo(\`issueSig(\${userId}): a ticket valid \${ttlSeconds} s, signed with \${signWith}\`);
      },
      async settle(): Promise<void> {
        todo('settle: resolve once everything in flight has been delivered (a barrier, not a sleep)');
      },
      async stop(): Promise<void> {
        // TODO: stop every client and the deployment.
      },
    };
  },
});
`;
}

const shellPath = (file: string) => {
  const rel = relative(process.cwd(), file).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
};

/** Writes the skeleton of adapter `name` to `out` (default ./NAME.ts); never overwrites a file. */
export function initAdapterCommand(name: string | undefined, out: string | undefined, print: (text: string) => void): number {
  if (name === undefined) throw new UsageError('init-adapter needs a NAME (e.g. im-conformance init-adapter my-sdk)');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new UsageError(`init-adapter NAME must be letters, digits, ".", "_" and "-", got "${name}"`);
  const file = resolve(out ?? `${name}.ts`);
  if (!/\.m?ts$/.test(file)) throw new UsageError(`init-adapter writes a TypeScript module: --out must end in .ts or .mts, got "${out}"`);
  if (existsSync(file)) throw new UsageError(`init-adapter will not overwrite ${shellPath(file)}: remove it or choose --out`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, adapterSkeleton(name, file));
  print(`wrote ${shellPath(file)}: fill in its TODOs, then run: npx im-conformance run --adapter ${shellPath(file)}\n`);
  return 0;
}
