// Times the npm package csv-parse (streaming) decoding the same Kaggle CSV
// into bytes: `deno run --allow-read _csv_parse.ts FILE`; prints JSON. Kept
// as the measurement behind choosing our own decoder (see README).
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

const start = performance.now();
const pixels: Uint8Array[] = [];
let rows = 0;
const parser = createReadStream(Deno.args[0]).pipe(parse({ from_line: 2 }));
for await (const record of parser as AsyncIterable<string[]>) {
  const row = new Uint8Array(record.length);
  for (let k = 0; k < record.length; k++) row[k] = Number(record[k]);
  pixels.push(row);
  rows++;
}
console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, rows }));
