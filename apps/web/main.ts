/**
 * The simple-mnist web app behind `deno task serve`: draw a digit and watch
 * the net read it, or train a net in the page on the wasm backend.
 *
 * @module
 */
import { main } from "./serve_command.ts";

if (import.meta.main) Deno.exit(await main(Deno.args));
