import { count, helpText, parseFlags, reportError, text } from "@simple-mnist/command";
import { createHandler } from "./handler.ts";
import { buildSite } from "./site.ts";

/** The flags of `deno task serve`. */
export const SERVE_FLAGS = {
  port: count({
    description: "port to listen on (0: any free one)",
    default: 8000,
    allowZero: true,
    max: 65535,
  }),
  host: text({ value: "HOST", description: "address to bind to", default: "127.0.0.1" }),
  model: text({
    description: "the model the page reads drawings with",
    shown: "apps/web/default_model.smnn",
  }),
};

/** A running server: where it listens, and how to stop it. */
export interface RunningServer {
  /** The page's URL, e.g. `http://127.0.0.1:8000/`. */
  readonly url: string;
  /** Resolves when the server has stopped. */
  readonly finished: Promise<void>;
  /** Stops it. */
  shutdown(): Promise<void>;
}

/**
 * `deno task serve`: serves the web app (drawing, in-browser training) on
 * loopback unless `--host` says otherwise, and prints its URL.
 *
 * @param args The flags.
 * @param log Where the URL line goes (default: stdout).
 * @returns The server, or undefined when only help was asked for.
 * @throws {UsageError} On a bad flag.
 * @throws {Error} On a bad model file or a port in use.
 */
export async function serve(
  args: string[],
  log: (line: string) => void = console.log,
): Promise<RunningServer | undefined> {
  const { values, help } = parseFlags(args, SERVE_FLAGS);
  if (help) {
    log(helpText(
      "deno task serve [flags]",
      "Serves the web app: draw a digit and watch the net read it, or train a net in the page.",
      SERVE_FLAGS,
    ));
    return undefined;
  }
  const { port, host: hostname } = values;
  const site = await buildSite({ model: values.model });
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({ hostname, port, onListen: () => {} }, createHandler(site.routes));
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new Error(
        `cannot listen on ${hostname}:${port}: the port is in use (pick another with --port)`,
      );
    }
    throw new Error(`cannot listen on ${hostname}:${port}: ${(error as Error).message}`);
  }
  const address = server.addr;
  const host = address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname;
  const url = `http://${host}:${address.port}/`;
  log(`Serving the simple-mnist web app at ${url} (model ${site.modelShape}; Ctrl-C to stop)`);
  return { url, finished: server.finished, shutdown: () => server.shutdown() };
}

/**
 * Runs `deno task serve` until the server stops; errors are one `error:`
 * line on stderr.
 *
 * @param args The flags.
 * @returns The exit status: 0, 2 for a usage error, 1 for anything else.
 */
export async function main(args: string[]): Promise<number> {
  try {
    const server = await serve(args);
    await server?.finished;
    return 0;
  } catch (error) {
    return reportError(error);
  }
}
