// The search loop behind `--preset best` and `--preset conv`: trains candidate
// recipes with 5,000 training images held out as the dev set, and ranks them
// by dev accuracy alone (the official test set's figures are dropped unread),
// then measures what each ingredient of the winner adds, by training the
// winner with that one ingredient changed. Each run is `deno task train`
// itself, so the figures are what a user gets.

/** A recipe to try: its name in the table and its `train` flags. */
export interface Candidate {
  name: string;
  flags: string[];
}

/** One ingredient of the winner and the flags without it. */
export interface Ablation {
  ingredient: string;
  change: (flags: string[]) => string[];
}

interface Outcome {
  devAccuracy: number;
  devLoss: number;
  trainSeconds: number;
}

const MAIN = new URL("../apps/cli/main.ts", import.meta.url).pathname;

/** A flag's value in a list of flags, or undefined. */
export function flagValue(flags: string[], name: string): string | undefined {
  const i = flags.indexOf(name);
  return i < 0 ? undefined : flags[i + 1];
}

/** The flags with `name` set to `value` (added when absent). */
export function setFlag(flags: string[], name: string, value: string): string[] {
  const i = flags.indexOf(name);
  return i < 0 ? [...flags, name, value] : flags.map((f, k) => (k === i + 1 ? value : f));
}

async function run(flags: string[]): Promise<Outcome> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "train", ...flags, "--dev-size", "5000", "--json", "--quiet"],
    stdin: "null",
  }).output();
  if (code !== 0) {
    throw new Error(`train ${flags.join(" ")} failed: ${new TextDecoder().decode(stderr)}`);
  }
  const summary = JSON.parse(new TextDecoder().decode(stdout));
  // The test set's figures are dropped here, unread: the choice is dev's alone.
  return {
    devAccuracy: summary.devAccuracy,
    devLoss: summary.devLoss,
    trainSeconds: summary.trainSeconds,
  };
}

/**
 * Trains every candidate (or those whose name contains `only`), prints a
 * Markdown table, picks the best dev accuracy among those that trained within
 * `budget` seconds, and unless `skipAblation`, trains it once per ablation.
 */
export async function search(
  candidates: Candidate[],
  ablations: Ablation[],
  options: { budget: number; only?: string; skipAblation?: boolean },
): Promise<void> {
  const { budget, only, skipAblation } = options;
  const chosen = only === undefined ? candidates : candidates.filter((c) => c.name.includes(only));
  console.log(`| recipe | dev accuracy | dev loss | train s | within ${budget} s |`);
  console.log("| --- | --- | --- | --- | --- |");
  const results: (Candidate & Outcome)[] = [];
  for (const candidate of chosen) {
    const outcome = await run(candidate.flags);
    results.push({ ...candidate, ...outcome });
    console.log(
      `| ${candidate.name} | ${outcome.devAccuracy.toFixed(4)} | ${outcome.devLoss.toFixed(4)} | ${
        outcome.trainSeconds.toFixed(1)
      } | ${outcome.trainSeconds <= budget ? "yes" : "no"} |`,
    );
  }
  const eligible = results.filter((r) => r.trainSeconds <= budget);
  if (eligible.length === 0) {
    console.log("No candidate trained within the budget.");
    Deno.exit(1);
  }
  const best = eligible.reduce((a, b) => (b.devAccuracy > a.devAccuracy ? b : a));
  console.log(`\nBest within ${budget} s: ${best.name}\n  ${best.flags.join(" ")}`);
  if (skipAblation) return;
  console.log(`\n| without | dev accuracy | change | train s |`);
  console.log("| --- | --- | --- | --- |");
  console.log(
    `| (nothing: ${best.name}) | ${best.devAccuracy.toFixed(4)} | | ${
      best.trainSeconds.toFixed(1)
    } |`,
  );
  for (const { ingredient, change } of ablations) {
    const flags = change(best.flags);
    if (flags.join(" ") === best.flags.join(" ")) continue;
    const outcome = await run(flags);
    const delta = outcome.devAccuracy - best.devAccuracy;
    console.log(
      `| ${ingredient} | ${outcome.devAccuracy.toFixed(4)} | ${delta >= 0 ? "+" : ""}${
        delta.toFixed(4)
      } | ${outcome.trainSeconds.toFixed(1)} |`,
    );
  }
}
