/**
 * The simple-mnist command-line app: `deno task train`, `evaluate`,
 * `predict`, `show` and `export-data`.
 *
 * @module
 */
import { main } from "./cli.ts";

if (import.meta.main) Deno.exit(await main(Deno.args));
