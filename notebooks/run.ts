// `deno task notebooks`: executes every notebook in this folder and saves it
// with its outputs (so that the repository shows them), printing each one's
// time; `--check DIR` executes them into DIR instead, with an HTML export of
// each, and leaves the notebooks alone.
import { executeNotebook, exportHtml, INSTALL_HINT, missingJupyter } from "./notebook_runner.ts";

const args = [...Deno.args];
const check = args.indexOf("--check");
const outDir = check >= 0 ? args[check + 1] : undefined;
if (check >= 0 && outDir === undefined) {
  console.error("error: --check needs a folder to write the executed notebooks to");
  Deno.exit(2);
}
const missing = await missingJupyter();
if (missing !== undefined) {
  console.error(`error: Cannot run the notebooks: ${missing}; ${INSTALL_HINT}`);
  Deno.exit(1);
}
const dir = new URL("./", import.meta.url).pathname;
const notebooks = [...Deno.readDirSync(dir)]
  .map((entry) => entry.name)
  .filter((name) => name.endsWith(".ipynb"))
  .sort();
let failed = 0;
for (const name of notebooks) {
  const output = outDir === undefined ? `${dir}${name}` : `${outDir}/${name}`;
  const run = await executeNotebook(`${dir}${name}`, output);
  for (const line of run.failures) console.error(`error: ${line}`);
  if (!run.ok) failed++;
  const html = outDir === undefined ? "" : `; ${await exportHtml(output)}`;
  console.log(`${name}: ${run.ok ? "ran" : "FAILED"} in ${run.seconds.toFixed(1)} s${html}`);
}
Deno.exit(failed === 0 ? 0 : 1);
