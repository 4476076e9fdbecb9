// Times the web app: from `deno task serve` to a usable page, and one epoch
// of in-browser training against `deno task train` on the same recipe.
// Run: deno task measure:web   (needs Debian's chromium)
/// <reference lib="dom" />
import { launchChromium } from "../testing/chromium.ts";
import { start } from "../apps/web/test_server.ts";
import { DIGIT_STROKES } from "../apps/web/testdata/digit_strokes.ts";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { loadMnist, splitDev } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { PageTraining } from "../apps/web/src/page_training.ts";
import { pageRecipe, recipeShape } from "../apps/web/src/recipes.ts";
import { resolve } from "@simple-mnist/recipe";

/** The page's conv recipe's net, as the page names it. */
const CONV_NET = recipeShape(pageRecipe("conv"));

/** The page's epoch loop (page_training.ts) run here in Deno: seconds of steps, as the page counts them. */
async function pageLoopInDeno(): Promise<number> {
  const { train, test } = await loadMnist();
  const { train: fit, dev } = splitDev(train, 1000, seededPrng(0));
  const backend = new WasmBackend({ threads: 1 });
  let seconds = 0;
  const training = new PageTraining(
    backend,
    pageRecipe("wide"),
    { fit, dev, test: test! },
    0,
    (m) => {
      if (m.type === "epoch") seconds = m.runSeconds;
    },
  );
  await training.train(1);
  training.dispose();
  backend.close();
  return seconds;
}

const CLI = new URL("../apps/cli/main.ts", import.meta.url).pathname;

const browser = await launchChromium();
try {
  // 1. Start to usable: the browser is already open, as a user's would be.
  const t0 = performance.now();
  const server = await start("--port", "0");
  const listening = (performance.now() - t0) / 1000;
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  await page.goto(server.url);
  await page.waitForSelector("body[data-state=ready]");
  const ready = (performance.now() - t0) / 1000;
  console.log(
    `serve → listening: ${listening.toFixed(2)} s; serve → page ready to read drawings: ${
      ready.toFixed(2)
    } s`,
  );

  // 2. The fixture's digits, read by the default model.
  const box = (await page.locator("#pad").boundingBox())!;
  const read: string[] = [];
  for (const strokes of DIGIT_STROKES) {
    await page.click("#clear");
    for (const stroke of strokes) {
      const at = ([x, y]: readonly [number, number]) =>
        [box.x + x * box.width, box.y + y * box.height] as const;
      await page.mouse.move(...at(stroke[0]));
      await page.mouse.down();
      for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 8 });
      await page.mouse.up();
    }
    await page.waitForFunction(() => document.body.dataset.reading === "idle");
    read.push((await page.getAttribute("#prediction", "data-digit")) ?? "?");
  }
  console.log(`digits 0-9 drawn from the fixture read as: ${read.join(" ")}`);

  // 3. One epoch of the "wide" recipe in the page.
  await page.selectOption("#recipe", "wide");
  await page.fill("#epochs", "1");
  const t1 = performance.now();
  await page.click("#train");
  await page.waitForSelector("body[data-training=done]", { timeout: 300_000 });
  const pageWall = (performance.now() - t1) / 1000;
  const pageSteps = Number(await page.getAttribute("#train-status", "data-epoch-seconds"));
  const dev = await page.textContent("#dev-accuracy");
  console.log(
    `page, 784-128-10 sgd(64) 1 epoch on wasm (1 thread, in a worker): ${
      pageSteps.toFixed(2)
    } s of steps, ` +
      `${
        pageWall.toFixed(2)
      } s from the click (data fetch, dev evaluations after every 2,048 images), dev ${dev}`,
  );
  // 3b. One epoch of the conv recipe in the page.
  await page.selectOption("#recipe", "conv");
  await page.fill("#epochs", "1");
  const t2 = performance.now();
  await page.click("#train");
  await page.waitForSelector("body[data-training=done]", { timeout: 300_000 });
  const convWall = (performance.now() - t2) / 1000;
  const convSteps = Number(await page.getAttribute("#train-status", "data-epoch-seconds"));
  console.log(
    `page, conv recipe (${CONV_NET}) adam(64) 1 epoch: ${convSteps.toFixed(2)} s of steps, ${
      convWall.toFixed(2)
    } s from the click, dev ${await page.textContent("#dev-accuracy")}, test ${await page
      .textContent("#test-accuracy")}`,
  );
  // 4. The seed's recipe, full batch: the last of 50 steps.
  await page.selectOption("#recipe", "seed");
  await page.fill("#epochs", "50");
  await page.click("#train");
  await page.waitForSelector("body[data-training=done]", { timeout: 300_000 });
  const speed = Number((await page.textContent("#speed"))!.replace(/[^0-9]/g, ""));
  const pageStepMs = (1000 * 59_000) / speed;
  console.log(`page, seed 784-10-10 full batch: ${pageStepMs.toFixed(1)} ms per step (the 50th)`);
  await server.stop();

  // 5. The same recipes in the CLI.
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      CLI,
      "train",
      "--hidden",
      "128",
      "--batch-size",
      "64",
      "--lr",
      "0.1",
      "--iterations",
      "1",
      "--init",
      "he",
      "--seed",
      "0",
      "--json",
    ],
    stdin: "null",
  }).output();
  const summary = JSON.parse(new TextDecoder().decode(stdout));
  console.log(
    `cli,  784-128-10 sgd(64) 1 epoch on ${summary.backend}: ${
      summary.trainSeconds.toFixed(2)
    } s ` +
      `(dev ${summary.devAccuracy.toFixed(3)})`,
  );
  console.log(`page steps / cli: ${(pageSteps / summary.trainSeconds).toFixed(2)}x`);
  const conv = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      CLI,
      "train",
      "--layers",
      resolve(pageRecipe("conv").recipe).recipe.layerSpec!,
      "--optimizer",
      "adam",
      "--batch-size",
      "64",
      "--iterations",
      "1",
      "--seed",
      "0",
      "--json",
    ],
    stdin: "null",
  }).output();
  const convSummary = JSON.parse(new TextDecoder().decode(conv.stdout));
  console.log(
    `cli,  conv recipe adam(64) 1 epoch on ${convSummary.backend}: ${
      convSummary.trainSeconds.toFixed(2)
    } s (dev ${convSummary.devAccuracy.toFixed(3)}); page steps / cli: ${
      (convSteps / convSummary.trainSeconds).toFixed(2)
    }x`,
  );
  const deno = await pageLoopInDeno();
  console.log(
    `deno, the page's own epoch loop (1 thread): ${deno.toFixed(2)} s of steps; page / deno: ${
      (pageSteps / deno).toFixed(2)
    }x`,
  );
  const seed = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", CLI, "train", "--iterations", "50", "--json"],
    stdin: "null",
  }).output();
  const seedSummary = JSON.parse(new TextDecoder().decode(seed.stdout));
  console.log(
    `cli,  seed 784-10-10 full batch on ${seedSummary.backend} (2 threads): ${
      seedSummary.msPerIteration.toFixed(1)
    } ms per step (mean of 50)`,
  );
  console.log(
    `page / cli per full-batch step: ${(pageStepMs / seedSummary.msPerIteration).toFixed(2)}x`,
  );
} finally {
  await browser.close();
}
