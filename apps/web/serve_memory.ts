// How much memory the server takes to serve parallel downloads: used by the
// server's test and by benchmarks/serve_memory.ts. Linux only (/proc).
import type { Started } from "./test_server.ts";

/**
 * The server's resident set now and its kernel-kept peak (`VmRSS`, `VmHWM`
 * of /proc/<pid>/status), in MiB. Read through `cat`, since Deno lets only
 * --allow-all read /proc.
 */
async function memoryMiB(pid: number): Promise<{ rss: number; highWater: number }> {
  const { success, stdout } = await new Deno.Command("cat", { args: [`/proc/${pid}/status`] })
    .output();
  const status = new TextDecoder().decode(stdout);
  const field = (name: string) => {
    const match = status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, "m"));
    if (!success || match === null) throw new Error(`Cannot read ${name} of process ${pid}`);
    return Number(match[1]) / 1024;
  };
  return { rss: field("VmRSS"), highWater: field("VmHWM") };
}

/** What {@linkcode measureDownloads} saw. */
export interface DownloadMemory {
  /** Bytes of each download, all checked to be the same. */
  readonly bytes: number;
  /** Wall time of all downloads together. */
  readonly seconds: number;
  /** The server's resident set before the downloads. */
  readonly idleMiB: number;
  /** The peak of its resident set since it started, before the downloads. */
  readonly startMiB: number;
  /** The peak of its resident set since it started, after the downloads: the bound's figure. */
  readonly peakMiB: number;
}

/**
 * Downloads `path` from the server `count` times at once, reading every
 * byte and keeping none, and reads the server's memory before and after.
 */
export async function measureDownloads(
  server: Started,
  path: string,
  count: number,
): Promise<DownloadMemory> {
  const pid = server.child.pid;
  const before = await memoryMiB(pid);
  const start = performance.now();
  const sizes = await Promise.all(Array.from({ length: count }, async () => {
    const response = await fetch(server.url + path);
    if (!response.ok) throw new Error(`Cannot download ${path}: ${response.status}`);
    let bytes = 0;
    for await (const chunk of response.body!) bytes += chunk.length;
    return bytes;
  }));
  const seconds = (performance.now() - start) / 1000;
  const after = await memoryMiB(pid);
  if (new Set(sizes).size !== 1) throw new Error(`Downloads differ in size: ${sizes.join(", ")}`);
  return {
    bytes: sizes[0],
    seconds,
    idleMiB: before.rss,
    startMiB: before.highWater,
    peakMiB: after.highWater,
  };
}
