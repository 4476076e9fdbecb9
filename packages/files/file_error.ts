/** What each OS error code means, in the words every command uses. */
const WORDS: Readonly<Record<string, string>> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EFBIG: "the file is too large for the file system",
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  EROFS: "read-only file system",
  ENOENT: "no such file or folder",
  EISDIR: "it is a folder",
  ENOTDIR: "part of its path is not a folder",
  EEXIST: "it already exists",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many levels of symbolic links",
  EIO: "an input/output error (the disk or the device failed)",
  EMFILE: "too many files are open",
  ENFILE: "too many files are open",
  EBUSY: "the file is busy",
  ETXTBSY: "the file is busy",
  EXDEV: "it is on another file system",
  EINTR: "interrupted",
  ENXIO: "no such device",
  ENODEV: "no such device",
};

/** The same for Deno's error classes, when an error carries no code. */
const CLASS_WORDS: Readonly<Record<string, string>> = {
  NotFound: WORDS.ENOENT,
  PermissionDenied: WORDS.EACCES,
  AlreadyExists: WORDS.EEXIST,
  IsADirectory: WORDS.EISDIR,
  NotADirectory: WORDS.ENOTDIR,
  FilesystemLoop: WORDS.ELOOP,
  Interrupted: WORDS.EINTR,
  Busy: WORDS.EBUSY,
  WriteZero: "nothing more could be written (the disk may be full)",
  UnexpectedEof: "it ended early",
};

/** Deno's OS error messages: `No space left on device (os error 28): writefile '/x'`. */
const OS_MESSAGE = /^(.*? \(os error \d+\))(?:: ([a-z_]+) '(.*)')?$/s;

/**
 * Says what went wrong with a file, in plain words: `the disk is full`,
 * `permission denied`, `read-only file system`, `no such file or folder`,
 * `it is a folder`, … An error this does not know keeps the OS's words
 * (`Input/output error (os error 5)`), without the path Deno appends. A {@linkcode FileError} gives its reason.
 *
 * @param error What a file operation threw.
 * @returns A lower-case phrase, without the file's name.
 *
 * @example
 * ```ts
 * import { describeFileError } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const error = await Deno.readFile("/").catch((e) => e);
 * assert.equal(describeFileError(error), "it is a folder");
 * assert.equal(describeFileError(new Error("boom")), "boom");
 * ```
 */
export function describeFileError(error: unknown): string {
  if (error instanceof FileError) return error.reason;
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && WORDS[code] !== undefined) return WORDS[code];
  if (error instanceof Deno.errors.NotCapable) {
    const flag = error.message.match(/--allow-[a-z]+/)?.[0];
    return `Deno has no permission for it${flag === undefined ? "" : `; run again with ${flag}`}`;
  }
  if (CLASS_WORDS[error.name] !== undefined) return CLASS_WORDS[error.name];
  const message = error.message.split("\n")[0];
  return message.match(OS_MESSAGE)?.[1] ?? message;
}

/**
 * Options of {@linkcode FileError}.
 *
 * @example
 * ```ts
 * import { FileError, type FileErrorOptions } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const options: FileErrorOptions = { action: "write", reason: "the disk is full" };
 * assert.equal(new FileError("m.model", options).message, "Cannot write m.model: the disk is full");
 * ```
 */
export interface FileErrorOptions {
  /** What could not be done, a verb phrase before the path: `read` (default), `write`, `load model from`. */
  readonly action?: string;
  /** The error that caused it; its words (see {@linkcode describeFileError}) become the reason. */
  readonly cause?: unknown;
  /** The reason in words, instead of the cause's. */
  readonly reason?: string;
}

/**
 * A file could not be read or written. Its message names the file the user
 * asked for (never a temporary file) and says why in words:
 * `Cannot write /tmp/full/m.model: the disk is full`.
 *
 * @example
 * ```ts
 * import { FileError } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const cause = await Deno.readFile("/no/such/file").catch((e) => e);
 * const error = new FileError("data.csv", { cause });
 * assert.equal(error.message, "Cannot read data.csv: no such file or folder");
 * assert.equal(error.code, "ENOENT");
 * assert.equal(error.reason, "no such file or folder");
 * ```
 */
export class FileError extends Error {
  /** The file the user named. */
  readonly path: string;
  /** What could not be done, e.g. `write`. */
  readonly action: string;
  /** Why, in words, e.g. `the disk is full`. */
  readonly reason: string;
  /** The OS error code when there was one, e.g. `ENOSPC`. */
  readonly code?: string;

  /**
   * Builds the message `Cannot ACTION PATH: REASON`.
   *
   * @param path The file the user named.
   * @param options What could not be done, and the cause or the reason.
   */
  constructor(path: string, options: FileErrorOptions = {}) {
    const action = options.action ?? "read";
    const reason = options.reason ?? describeFileError(options.cause);
    super(`Cannot ${action} ${path}: ${reason}`, { cause: options.cause });
    this.name = "FileError";
    this.path = path;
    this.action = action;
    this.reason = reason;
    const cause = options.cause as { code?: unknown } | undefined;
    const code = cause instanceof FileError ? cause.code : cause?.code;
    if (typeof code === "string") this.code = code;
  }
}

const ACTIONS: Readonly<Record<string, string>> = {
  open: "open",
  readfile: "read",
  read: "read",
  stat: "read",
  lstat: "read",
  realpath: "read",
  readdir: "read the folder",
  writefile: "write",
  write: "write",
  truncate: "write",
  mkdir: "create the folder",
  remove: "remove",
  chmod: "change",
};

/**
 * One line saying what went wrong, for a command's `error:` line: a
 * {@linkcode FileError}'s message as it is, a raw OS error from Deno
 * (`Read-only file system (os error 30): mkdir '/ro/x'`) in the same
 * words, naming its file (`Cannot create the folder /ro/x: read-only file
 * system`), and any other error's first line.
 *
 * @param error What was thrown.
 * @returns One line, without a final newline.
 *
 * @example
 * ```ts
 * import { errorLine } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const error = await Deno.readFile("/").catch((e) => e);
 * assert.equal(errorLine(error), "Cannot read /: it is a folder");
 * assert.equal(errorLine(new RangeError("Bad value\nmore")), "Bad value");
 * ```
 */
export function errorLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split("\n")[0];
  if (error instanceof FileError) return error.message.split("\n")[0];
  const match = error.message.split("\n")[0].match(OS_MESSAGE);
  if (match?.[2] !== undefined && match[3] !== undefined) {
    const action = ACTIONS[match[2]] ?? "use";
    return new FileError(match[3], { action, cause: error }).message;
  }
  if (match !== null) return describeFileError(error);
  return error.message.split("\n")[0];
}
