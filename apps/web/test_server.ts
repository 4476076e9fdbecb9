// Starts the real server in a child process, as `deno task serve` does.
const MAIN = new URL("./main.ts", import.meta.url).pathname;
/** The command line of `deno task serve`, without its flags. */
export const ARGS = ["run", "--unstable-bundle", "--allow-read", "--allow-net", MAIN];

/** A server started by {@linkcode start}. */
export interface Started {
  child: Deno.ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts the server and waits for its URL line. */
export async function start(...args: string[]): Promise<Started> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...ARGS, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("\n")) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value;
  }
  const match = seen.match(/at (http:\/\/\S+\/) /);
  if (match === null) {
    child.kill();
    const stderr = await new Response(child.stderr).text();
    throw new Error(`the server did not start: ${seen} ${stderr}`);
  }
  return {
    child,
    url: match[1],
    async stop() {
      await reader.cancel();
      await child.stderr.cancel();
      child.kill();
      await child.status;
    },
  };
}
