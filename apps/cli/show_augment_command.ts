import { AUGMENTS, createAugmenter } from "@simple-mnist/augment";
import { choice, count, helpText, parseFlags, text, UsageError } from "@simple-mnist/command";
import { seededPrng } from "@simple-mnist/random";
import { loadSplits } from "./inputs.ts";
import { renderDigitsSideBySide } from "./render_digit.ts";

const FLAGS = {
  index: count({
    description: "which training image, counting from 0",
    default: 0,
    allowZero: true,
  }),
  augment: choice(AUGMENTS.filter((name) => name !== "none"), {
    description: "the augmentation to show",
    default: "affine",
  }),
  count: count({ description: "augmented versions to draw beside the original", default: 3 }),
  seed: count({ description: "seed of the transforms", default: 0, allowZero: true }),
  data: text({ description: "where the image comes from", shown: "the bundled MNIST" }),
};

/** The most versions that fit beside each other in a wide terminal. */
const MAX_COUNT = 8;

/** `show-augment`: one training image and augmented versions of it, side by side. */
export async function showAugmentCommand(args: string[]): Promise<void> {
  const { values: flags, help } = parseFlags(args, FLAGS);
  if (help) {
    console.log(helpText(
      "deno task show-augment [--index N] [--augment NAME] [--count N] [--seed N]",
      "Draws a training image and a few randomly augmented versions of it side by side,\n" +
        "as training sees them with --augment NAME.",
      FLAGS,
    ));
    return;
  }
  const count = flags.count;
  if (count > MAX_COUNT) {
    throw new UsageError(`--count ${count}: at most ${MAX_COUNT} versions fit beside each other`);
  }
  const index = flags.index;
  const data = (await loadSplits(flags.data)).train;
  if (index >= data.count) {
    throw new UsageError(
      `--index ${index} is out of range: the set holds images 0 to ${data.count - 1}`,
    );
  }
  if (data.width !== data.height) {
    throw new Error(`Cannot augment ${data.source}: its images are not square`);
  }
  const name = flags.augment;
  const augment = createAugmenter(name, seededPrng(flags.seed), data.width)!;
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
