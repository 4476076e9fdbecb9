/**
 * The simple-mnist command-line app behind `deno task train`, `evaluate`,
 * `cross-validate`, `predict`, `report`, `show`, `show-augment`,
 * `export-data` and `gradient-check` (the `COMMANDS` table in `cli.ts`;
 * `deno run apps/cli/main.ts --help` lists them, and each takes `--help`).
 *
 * @module
 */
import { main } from "./cli.ts";

if (import.meta.main) Deno.exit(await main(Deno.args));
