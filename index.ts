// The package's entry: what an adapter author imports.
//   import { defineAdapter, type Client, type Harness } from 'im-conformance';
// The adapter contract (adapters/contract.ts) is the whole interface between the suite and an
// SDK; docs/writing-an-adapter.md says what each call must do. Other entries:
//   im-conformance/reference        the reference implementation, to wrap or to read as an example
//   im-conformance/driver-protocol  the driver protocol's messages, for drivers written in Node
export * from './adapters/contract.ts';
