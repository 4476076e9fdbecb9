// The search behind `--preset conv`: trains candidate conv recipes with 5,000
// training images held out as the dev set, ranks them by dev accuracy alone
// (the test set takes no part), then measures what each ingredient of the
// winner adds by training it with that one ingredient changed.
//
//   deno task search-conv [--budget SECONDS] [--only NAME] [--skip-ablation]
//
// Each run is `deno task train` itself, so the figures are what a user gets.
import { parseArgs } from "node:util";
import { type Ablation, type Candidate, search, setFlag } from "./_search.ts";

/** The anchor's net: two 5x5 convolutions of 16 and 32 filters, each with ReLU and 2x2 pooling. */
const LENET = "conv:16:5,relu,pool:2,conv:32:5,relu,pool:2,dense:10";

/** A recipe of the family searched: Adam, a cosine schedule, affine augmentation. */
function recipe(
  layers: string,
  epochs: number,
  options: { batch?: number; lr?: number; augment?: string } = {},
): Candidate {
  const { batch = 128, lr = 0.002, augment = "affine" } = options;
  return {
    name: `${
      layers === LENET ? "LeNet" : layers
    }, batch ${batch}, lr ${lr}, ${augment}, ${epochs} epochs`,
    flags: [
      "--layers",
      layers,
      "--optimizer",
      "adam",
      "--batch-size",
      String(batch),
      "--iterations",
      String(epochs),
      "--augment",
      augment,
      "--lr",
      String(lr),
      "--lr-schedule",
      "cosine",
    ],
  };
}

const CANDIDATES: Candidate[] = [
  // A short run, for an ablation that fits a busy machine: --only "3 epochs".
  recipe(LENET, 3),
  recipe(LENET, 4),
  recipe(LENET, 5),
  recipe(LENET, 6),
  recipe(LENET, 6, { batch: 256, lr: 0.003 }),
  recipe(LENET, 8),
  recipe(LENET, 10),
  recipe(LENET, 12),
];

const ABLATIONS: Ablation[] = [
  { ingredient: "augmentation", change: (f) => setFlag(f, "--augment", "none") },
  {
    ingredient: "schedule (cosine → constant)",
    change: (f) => setFlag(f, "--lr-schedule", "constant"),
  },
  {
    ingredient: "optimizer (adam → sgd with momentum, lr 0.05)",
    change: (f) => setFlag(setFlag(f, "--optimizer", "momentum"), "--lr", "0.05"),
  },
  {
    ingredient: "second convolution (→ conv:16:5,relu,pool:2,dense:10)",
    change: (f) => setFlag(f, "--layers", "conv:16:5,relu,pool:2,dense:10"),
  },
  {
    ingredient: "filters halved (→ 8 and 16)",
    change: (f) => setFlag(f, "--layers", "conv:8:5,relu,pool:2,conv:16:5,relu,pool:2,dense:10"),
  },
];

const { values } = parseArgs({
  args: Deno.args,
  options: {
    budget: { type: "string", default: "110" },
    only: { type: "string" },
    "skip-ablation": { type: "boolean" },
  },
});
// 110 s on 55,000 images leaves room for the 59,000 the preset trains on within 120 s.
await search(CANDIDATES, ABLATIONS, {
  budget: Number(values.budget),
  only: values.only,
  skipAblation: values["skip-ablation"],
});
