// What the command line needs of the remote adapter: its flags checked, its driver connected
// for the report (cli/engine/run.ts), and the `driver-schema` command. Errors here exit 2.
import { writeFileSync } from 'node:fs';
import type { Adapter } from '../contract.ts';
import { remoteAdapter } from './adapter.ts';
import { driverJsonSchemaText } from './json-schema.ts';
import { parseListen } from './dial-in.ts';
import { DriverSetupError } from './launch.ts';
import { DriverLink } from './link.ts';
import type { HandshakeResult } from './protocol.ts';

export interface DriverFlags {
  adapter: string | undefined;
  driver: string | undefined;
  driverCmd: string | undefined;
  /** Dial-in: where the suite listens for the driver ([HOST:]PORT). */
  driverListen?: string | undefined;
}

/**
 * The adapter to run, checked against the driver flags: `remote` needs a driver to dial (--driver
 * URL), to start (--driver-cmd) or to wait for (--driver-listen, alone or with the --driver-cmd
 * that makes it dial in); no other adapter takes one.
 */
export function checkDriverFlags({ adapter, driver, driverCmd, driverListen }: DriverFlags): string | undefined {
  const given = driver !== undefined || driverCmd !== undefined || driverListen !== undefined;
  const name = adapter ?? (given ? 'remote' : undefined);
  if (name !== 'remote') {
    if (given) throw new DriverSetupError(`--driver, --driver-cmd and --driver-listen go with --adapter remote, not --adapter ${name}`);
    return name;
  }
  if (driver !== undefined && (driverCmd !== undefined || driverListen !== undefined)) throw new DriverSetupError('--driver URL dials a running driver: give it alone, not with --driver-cmd or --driver-listen');
  if (!given) {
    throw new DriverSetupError('--adapter remote needs a driver: --driver ws://HOST:PORT (running), --driver-cmd "COMMAND" (started for the run) or --driver-listen [HOST:]PORT (it dials in)');
  }
  if (driver !== undefined && !/^wss?:\/\/[^/\s]+/.test(driver)) throw new DriverSetupError(`--driver must be a WebSocket URL like ws://127.0.0.1:PORT, got "${driver}"`);
  if (driverCmd !== undefined && !driverCmd.trim()) throw new DriverSetupError('--driver-cmd must be a command, got ""');
  if (driverListen !== undefined) parseListen(driverListen);
  return name;
}

export interface RemoteRun {
  /** The SDK's name, version and capabilities from the handshake, for the report; its harnesses are for the calibration. */
  adapter: Adapter;
  /** The driver program's name and version, from the handshake: the report names it beside the SDK. */
  driver: { name: string; version: string };
  /** The handshake answer, passed to the spec workers (IMC_DRIVER_INFO). */
  info: string;
  /** Ends the CLI's own connection (the spec workers open theirs). */
  close(): void;
}

/** Handshakes once with the driver of a `--adapter remote` run, and keeps the link for the calibration. */
export async function connectRemoteRun(driver: string | undefined, timeoutMs: number): Promise<RemoteRun> {
  if (driver === undefined) throw new DriverSetupError('--adapter remote needs a driver: --driver ws://HOST:PORT or --driver-cmd "COMMAND"');
  const link = DriverLink.connect(driver, { timeoutMs });
  let info: HandshakeResult;
  try {
    info = await link.ready;
  } catch (e) {
    link.close();
    throw new DriverSetupError(`the driver at ${driver} cannot be used: ${link.goneBecause ?? (e as Error).message}`);
  }
  return { adapter: remoteAdapter(info, () => link), driver: info.driver, info: JSON.stringify(info), close: () => link.close() };
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

export { DriverSetupError, launchDriver, type LaunchedDriver } from './launch.ts';
export { DEFAULT_DRIVER_WAIT_MS, hostDriverSocket, parseListen, type DialIn } from './dial-in.ts';
