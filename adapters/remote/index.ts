// The `remote` built-in adapter: the SDK under test runs in a driver process, in any language,
// and the suite talks to it over the driver protocol (protocol.ts). `im-conformance run
// --adapter remote --driver ws://HOST:PORT` (or --driver-cmd COMMAND) handshakes once in the
// CLI and hands the URL and the handshake answer to every spec worker (RunConfig.driver and
// driverInfo): so capabilities are known when this module loads, without a round trip.
// Each worker connects at load, once, and multiplexes all its harnesses on that connection.
// Run without the CLI (IMC_DRIVER set, no IMC_DRIVER_INFO), it handshakes here, at load.
import { runConfig } from '../../fixtures/run-config.ts';
import { remoteAdapter } from './adapter.ts';
import { DriverLink } from './link.ts';
import { HandshakeResult, describeIssue } from './protocol.ts';

const config = runConfig();
if (!config.driver) {
  throw new Error('the remote adapter needs a driver: run with --adapter remote --driver ws://HOST:PORT, or --driver-cmd "COMMAND" (see docs/writing-an-adapter.md)');
}

function declared(json: string): HandshakeResult {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('the driver\'s handshake answer (RunConfig.driverInfo, IMC_DRIVER_INFO) is not JSON');
  }
  const parsed = HandshakeResult.safeParse(value);
  if (!parsed.success) throw new Error(`the driver's handshake answer (RunConfig.driverInfo, IMC_DRIVER_INFO) is not one: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

const link = DriverLink.connect(config.driver, { timeoutMs: config.timeoutMs, roundTripMs: config.roundTripMs });
const info = config.driverInfo !== undefined ? declared(config.driverInfo) : await link.ready;

export default remoteAdapter(info, () => link);

export { remoteAdapter, RemoteHarness, RemoteClient } from './adapter.ts';
export { DriverLink, DriverError, type HarnessSink, type LinkOptions } from './link.ts';
