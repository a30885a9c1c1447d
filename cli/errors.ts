/** A request the CLI refuses before running anything: exit 2 with this one-line message. */
export class UsageError extends Error {}
