// Measures the web server's memory while it serves many downloads of the
// largest file at once (issue 25): the server process's peak resident set
// (VmHWM of Linux's /proc/<pid>/status), before and after the downloads.
// Run: deno task measure:serve-memory [--downloads 20]
import { start } from "../apps/web/test_server.ts";
import { measureDownloads } from "../apps/web/serve_memory.ts";

const at = Deno.args.indexOf("--downloads");
const downloads = at >= 0 ? Number(Deno.args[at + 1]) : 20;
const server = await start("--port", "0");
try {
  const m = await measureDownloads(server, "data/train-images.idx", downloads);
  console.log(
    `${downloads} parallel downloads of ${(m.bytes / 2 ** 20).toFixed(1)} MiB in ${
      m.seconds.toFixed(2)
    } s: server RSS ${m.idleMiB.toFixed(0)} MiB before (peak since start ${
      m.startMiB.toFixed(0)
    } MiB), peak ${m.peakMiB.toFixed(0)} MiB after`,
  );
} finally {
  await server.stop();
}
