// What the command line needs of the remote adapter: its flags checked, its driver connected
// for the report (cli/run.ts), and the `driver-schema` command. Errors here exit 2.
import { writeFileSync } from 'node:fs';
import type { Adapter } from '../contract.ts';
import { remoteAdapter } from './adapter.ts';
import { driverJsonSchemaText } from './json-schema.ts';
import { DriverSetupError, probeDriver } from './launch.ts';
import type { HandshakeResult } from './protocol.ts';

export interface DriverFlags {
  adapter: string | undefined;
  driver: string | undefined;
  driverCmd: string | undefined;
}

/** The adapter to run, checked against the driver flags: `remote` needs exactly one of them, nothing else takes one. */
export function checkDriverFlags({ adapter, driver, driverCmd }: DriverFlags): string | undefined {
  const given = driver !== undefined || driverCmd !== undefined;
  const name = adapter ?? (given ? 'remote' : undefined);
  if (name !== 'remote') {
    if (given) throw new DriverSetupError(`--driver and --driver-cmd go with --adapter remote, not --adapter ${name}`);
    return name;
  }
  if (driver !== undefined && driverCmd !== undefined) throw new DriverSetupError('give --driver URL or --driver-cmd COMMAND, not both');
  if (driver === undefined && driverCmd === undefined) {
    throw new DriverSetupError('--adapter remote needs a driver: --driver ws://HOST:PORT (running) or --driver-cmd "COMMAND" (started for the run)');
  }
  if (driver !== undefined && !/^wss?:\/\/[^/\s]+/.test(driver)) throw new DriverSetupError(`--driver must be a WebSocket URL like ws://127.0.0.1:PORT, got "${driver}"`);
  if (driverCmd !== undefined && !driverCmd.trim()) throw new DriverSetupError('--driver-cmd must be a command, got ""');
  return name;
}

export interface RemoteRun {
  /** For the report: the SDK's name, version and capabilities from the handshake (start() is for workers only). */
  adapter: Adapter;
  /** The handshake answer, passed to the spec workers (IMC_DRIVER_INFO). */
  info: string;
}

/** Handshakes once with the driver of a `--adapter remote` run. */
export async function connectRemoteRun(driver: string | undefined, timeoutMs: number): Promise<RemoteRun> {
  if (driver === undefined) throw new DriverSetupError('--adapter remote needs a driver: --driver ws://HOST:PORT or --driver-cmd "COMMAND"');
  const info: HandshakeResult = await probeDriver(driver, { timeoutMs });
  const adapter = remoteAdapter(info, () => {
    throw new Error('the remote adapter of the CLI process starts no harness (the spec workers do)');
  });
  return { adapter, info: JSON.stringify(info) };
}

/** vitest.config.ts's testTimeout: the outer safety net of a whole spec. */
const SPEC_TIMEOUT_MS = 20_000;

/**
 * The outer deadline of a whole spec (vitest's testTimeout): at least four per-call deadlines,
 * and three times the usual through a driver, where every call crosses a process. Hung calls
 * are caught by their own deadlines long before; this only must not cut a slow, busy spec short.
 */
export function outerTimeouts(timeoutMs: number | undefined, remote: boolean): { testTimeout?: number; hookTimeout?: number } {
  const ms = Math.max(SPEC_TIMEOUT_MS, 4 * (timeoutMs ?? 5000)) * (remote ? 3 : 1);
  return ms === SPEC_TIMEOUT_MS ? {} : { testTimeout: ms, hookTimeout: ms };
}

/** `im-conformance driver-schema [--out FILE]`: the protocol as JSON Schema, to stdout or a file. */
export function driverSchemaCommand(out: string | undefined, print: (text: string) => void): number {
  const text = driverJsonSchemaText();
  if (out === undefined) {
    print(text);
  } else {
    writeFileSync(out, text);
    print(`wrote the driver protocol's JSON Schema to ${out}\n`);
  }
  return 0;
}

export { launchDriver, type LaunchedDriver } from './launch.ts';
