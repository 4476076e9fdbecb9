/**
 * A mistake in how the command was called (unknown flag, bad value): the
 * CLI prints it and exits with status 2.
 */
export class UsageError extends Error {
  /** @param message What was wrong, e.g. `--hidden must be a positive integer, got "x"`. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Exit status for usage errors. */
export const EXIT_USAGE = 2;
/** Exit status for bad data or model files, and any other failure. */
export const EXIT_FAILURE = 1;
