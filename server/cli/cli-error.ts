/** A failure the operator can act on: printed as its message alone, without a stack trace, exit code 1. */
export class CliError extends Error {}
