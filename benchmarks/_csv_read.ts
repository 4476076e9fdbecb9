// Times readKaggleCsv on one file: `deno run --allow-read _csv_read.ts FILE`; prints JSON.
import { readKaggleCsv } from "@simple-mnist/data";

const start = performance.now();
const data = await readKaggleCsv(Deno.args[0]);
console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, rows: data.count }));
