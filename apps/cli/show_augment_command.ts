import { type AugmentName, AUGMENTS, createAugmenter } from "@simple-mnist/augment";
import { seededPrng } from "@simple-mnist/random";
import { UsageError } from "./errors.ts";
import { type Flag, helpText, parseFlags } from "./flags.ts";
import { loadSplits } from "./inputs.ts";
import { renderDigitsSideBySide } from "./render_digit.ts";

const FLAGS: readonly Flag[] = [
  {
    name: "index",
    type: "count",
    value: "N",
    description: "which training image, counting from 0",
    default: 0,
    allowZero: true,
  },
  {
    name: "augment",
    type: "string",
    value: "NAME",
    description: "the augmentation to show",
    default: "affine",
    choices: AUGMENTS.filter((name) => name !== "none"),
  },
  {
    name: "count",
    type: "count",
    value: "N",
    description: "augmented versions to draw beside the original",
    default: 3,
  },
  {
    name: "seed",
    type: "count",
    value: "N",
    description: "seed of the transforms",
    default: 0,
    allowZero: true,
  },
  {
    name: "data",
    type: "string",
    value: "PATH",
    description: "where the image comes from",
    shown: "the bundled MNIST",
  },
];

/** The most versions that fit beside each other in a wide terminal. */
const MAX_COUNT = 8;

/** `show-augment`: one training image and augmented versions of it, side by side. */
export async function showAugmentCommand(args: string[]): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  if (flags.help) {
    console.log(helpText(
      "deno task show-augment [--index N] [--augment NAME] [--count N] [--seed N]",
      "Draws a training image and a few randomly augmented versions of it side by side,\n" +
        "as training sees them with --augment NAME.",
      FLAGS,
    ));
    return;
  }
  const count = flags.count as number;
  if (count > MAX_COUNT) {
    throw new UsageError(`--count ${count}: at most ${MAX_COUNT} versions fit beside each other`);
  }
  const index = flags.index as number;
  const data = (await loadSplits(flags.data as string | undefined)).train;
  if (index >= data.count) {
    throw new UsageError(
      `--index ${index} is out of range: the set holds images 0 to ${data.count - 1}`,
    );
  }
  if (data.width !== data.height) {
    throw new Error(`Cannot augment ${data.source}: its images are not square`);
  }
  const name = flags.augment as AugmentName;
  const augment = createAugmenter(name, seededPrng(flags.seed as number), data.width)!;
  const image = data.pixels.subarray(index * data.features, (index + 1) * data.features);
  const versions = Array.from({ length: count }, () => {
    const out = new Uint8Array(data.features);
    augment(image, out);
    return out;
  });
  const label = data.labels === undefined ? "" : ` (label ${data.labels[index]})`;
  console.log(renderDigitsSideBySide(
    [image, ...versions],
    ["original", ...versions.map((_, i) => `${name} ${i + 1}`)],
    data.width,
    data.height,
  ));
  console.log(`Image ${index} of ${data.source}${label}, ${name}, seed ${flags.seed}`);
}
