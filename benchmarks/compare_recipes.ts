// Each update rule on the same net and budget, and what dropout costs an
// epoch, measured by `deno task train` itself in one run of this script:
//
//   deno task compare-recipes [--hidden 128] [--iterations 3]
//
// Every run: batch 128, He init, seed 0, each rule at its default rate
// (0.1 for sgd, momentum and nesterov; 0.001 for rmsprop, adam, adamw).
import { parseArgs } from "node:util";
import { OPTIMIZERS } from "@simple-mnist/model";

const MAIN = new URL("../apps/cli/main.ts", import.meta.url).pathname;
const { values } = parseArgs({
  args: Deno.args,
  options: {
    hidden: { type: "string", default: "128" },
    iterations: { type: "string", default: "3" },
  },
});

async function train(flags: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "train", ...flags, "--json", "--quiet"],
    stdin: "null",
  }).output();
  if (code !== 0) throw new Error(new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout));
}

const base = [
  "--hidden",
  values.hidden!,
  "--batch-size",
  "128",
  "--iterations",
  values.iterations!,
];
console.log(`784-${values.hidden}-10, ${values.iterations} epochs of batch 128, He init, seed 0\n`);
console.log("| optimizer | lr | test accuracy | dev accuracy | s per epoch |");
console.log("| --- | --- | --- | --- | --- |");
for (const optimizer of OPTIMIZERS) {
  const s = await train([...base, "--optimizer", optimizer]);
  console.log(
    `| ${optimizer} | ${s.learningRate} | ${s.testAccuracy.toFixed(4)} | ${
      s.devAccuracy.toFixed(4)
    } | ${(s.msPerIteration / 1000).toFixed(2)} |`,
  );
}
console.log("\n| adam, dropout | s per epoch | test accuracy |");
console.log("| --- | --- | --- |");
for (const dropout of ["0", "0.2", "0.5"]) {
  const s = await train([...base, "--optimizer", "adam", "--dropout", dropout]);
  console.log(
    `| ${dropout} | ${(s.msPerIteration / 1000).toFixed(2)} | ${s.testAccuracy.toFixed(4)} |`,
  );
}
