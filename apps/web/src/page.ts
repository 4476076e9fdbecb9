/// <reference lib="dom" />
// The page: draw a digit and watch the net read it; train a net in a worker.
import { decodeModelFile } from "@simple-mnist/model";
import { exportOnnx } from "@simple-mnist/onnx";
import { resolve } from "@simple-mnist/recipe";
import { AugmentStrip } from "./augment_strip.ts";
import { DigitView } from "./digit_view.ts";
import { DrawPad } from "./draw_pad.ts";
import { loadPredictor, type Predictor } from "./model_adapter.ts";
import { NumberField } from "./number_field.ts";
import { toMnistPixels } from "./preprocess.ts";
import { PAGE_RECIPES, pageRecipe, recipeShape } from "./recipes.ts";
import { TrainingView } from "./training_view.ts";
import type { FromWorker, ToWorker } from "./worker_protocol.ts";

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`Cannot start the page: it has no #${id}`);
  return found as T;
}

const readers: { served?: Predictor; trained?: Predictor } = {};
let trainedModel: { bytes: Uint8Array; shape: string; epoch: number } | undefined;

const view = new DigitView(element("seen"), element("prediction"), element("bars"));
const readerSelect = element<HTMLSelectElement>("reader");
const readerInfo = element("reader-info");

// One reading at a time; a change during one is read when it ends.
let reading = false;
let pending = false;
async function read(): Promise<void> {
  if (reading) {
    pending = true;
    return;
  }
  reading = true;
  document.body.dataset.reading = "busy";
  try {
    do {
      pending = false;
      const pixels = toMnistPixels(pad.ink());
      const reader = readerSelect.value === "trained" ? readers.trained : readers.served;
      const blank = pixels.every((v) => v === 0);
      const probabilities = blank || reader === undefined
        ? undefined
        : await reader.predict(pixels);
      view.show(pixels, probabilities);
    } while (pending);
  } finally {
    reading = false;
    document.body.dataset.reading = "idle";
  }
}

const pad = new DrawPad(element("pad"), () => void read());
element("clear").addEventListener("click", () => pad.clear());
readerSelect.addEventListener("change", () => {
  describeReader();
  void read();
});

function describeReader(): void {
  if (readerSelect.value === "trained" && trainedModel !== undefined) {
    readerInfo.textContent = `Reading with the net trained here: ${trainedModel.shape} after ${
      plural(trainedModel.epoch, "epoch")
    }.`;
  } else if (readers.served !== undefined) {
    readerInfo.textContent = `Reading with the served model: ${readers.served.shape}.`;
  }
}

async function loadServedModel(): Promise<void> {
  const response = await fetch("/model.smnn");
  if (!response.ok) {
    throw new Error(`Cannot load the model: the server answered ${response.status}`);
  }
  readers.served = await loadPredictor(new Uint8Array(await response.arrayBuffer()), "/model.smnn");
  describeReader();
  document.body.dataset.state = "ready";
  void read();
}

// Training.
const recipeSelect = element<HTMLSelectElement>("recipe");
const recipeNote = element("recipe-note");
for (const recipe of PAGE_RECIPES) {
  const option = document.createElement("option");
  option.value = recipe.id;
  recipeSelect.append(option);
}
recipeSelect.value = "wide";
const epochsInput = element<HTMLInputElement>("epochs");
const epochsField = new NumberField(epochsInput, element("epochs-error"), "Epochs");
const strip = new AugmentStrip({
  box: element("augmented"),
  title: element("augmented-title"),
  strip: element("augmented-strip"),
});
/** Whether the person typed an Epochs value: it then stays when the recipe changes. */
let epochsTyped = false;
epochsInput.addEventListener("input", () => (epochsTyped = true));

// A menu cannot wrap its text: it shows each recipe's name and net (the label up to its first
// comma), and the chosen recipe's whole label goes under it. The Epochs field follows the
// recipe's suggestion (a full-batch epoch is a single step: the seed's recipe needs hundreds)
// unless a value was typed there; a recipe with augmentation shows what it does to digits.
function showRecipe(): void {
  for (const [index, recipe] of PAGE_RECIPES.entries()) {
    recipeSelect.options[index].textContent = recipe.label.split(", ")[0];
  }
  const chosen = pageRecipe(recipeSelect.value);
  recipeNote.textContent = chosen.label;
  if (!epochsTyped) epochsInput.value = String(chosen.epochs);
  strip.show(resolve(chosen.recipe).recipe.augment).catch((error) => {
    console.error(`Cannot show the augmented digits: ${(error as Error).message}`);
  });
}
showRecipe();

const trainButton = element<HTMLButtonElement>("train");
const stopButton = element<HTMLButtonElement>("stop");
const continueButton = element<HTMLButtonElement>("continue");
const downloadButton = element<HTMLButtonElement>("download");
const downloadOnnxButton = element<HTMLButtonElement>("download-onnx");
const status = element("train-status");
const training = new TrainingView({
  loss: element("loss-chart"),
  accuracy: element("accuracy-chart"),
  weights: element("weights"),
  weightsTitle: element("weights-title"),
  figures: {
    epoch: element("epoch"),
    trainLoss: element("train-loss"),
    devAccuracy: element("dev-accuracy"),
    testAccuracy: element("test-accuracy"),
    speed: element("speed"),
  },
});

const worker = new Worker("/train_worker.js", { type: "module" });
function send(message: ToWorker): void {
  worker.postMessage(message);
}
/** The recipe of the net the worker holds, if any. */
let heldRecipe: string | undefined;
/** Whether anything was trained yet: Continue then goes on (with a new net after a recipe change). */
let trainedOnce = false;
function setTraining(state: "idle" | "running" | "stopped" | "done"): void {
  document.body.dataset.training = state;
  trainButton.disabled = state === "running";
  recipeSelect.disabled = state === "running";
  stopButton.disabled = state !== "running";
  continueButton.disabled = state === "running" || !trainedOnce;
}
setTraining("idle");

/** Wall-clock seconds of the run: every stretch from Train or Continue to a stop. */
const runClock = { total: 0, since: 0 };

/**
 * Trains the net of the recipe the menu shows: a new one (Train), or the
 * one held, on from where it stopped (Continue); Continue after a recipe
 * change starts that recipe's net, since the menu's is the only one there.
 */
function run(kind: "start" | "continue"): void {
  const epochs = epochsField.value();
  if (epochs === undefined) return;
  const recipe = recipeSelect.value;
  const fresh = kind === "start" || heldRecipe !== recipe;
  if (fresh) {
    training.reset();
    runClock.total = 0;
  }
  heldRecipe = recipe;
  trainedOnce = true;
  status.textContent = fresh ? "Starting…" : "Training…";
  runClock.since = performance.now();
  setTraining("running");
  send({ type: fresh ? "start" : "continue", recipe, epochs, seed: 0 });
}

// Picking another recipe lets the held net go, so that Continue never trains a net the menu
// does not show; the net trained here stays readable and downloadable.
recipeSelect.addEventListener("change", () => {
  showRecipe();
  if (heldRecipe !== undefined && heldRecipe !== recipeSelect.value) {
    send({ type: "discard" });
    heldRecipe = undefined;
    setTraining("idle");
  }
  if (heldRecipe !== undefined || !trainedOnce) return;
  status.textContent = `Picked ${recipeSelect.value}: Train or Continue starts a new ${
    recipeShape(pageRecipe(recipeSelect.value))
  } net${
    trainedModel === undefined
      ? ""
      : ` (the ${trainedModel.shape} trained here is still there to read with and download)`
  }.`;
});

trainButton.addEventListener("click", () => run("start"));
stopButton.addEventListener("click", () => {
  status.textContent = "Stopping after this step…";
  send({ type: "stop" });
});
continueButton.addEventListener("click", () => run("continue"));
/** Hands `bytes` to the browser as a download named `filename`. */
function save(bytes: Uint8Array, filename: string): void {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
/** The trained net's file name without its extension, e.g. `simple-mnist-784-32-10-epoch1.00`. */
function trainedName(model: { shape: string; epoch: number }): string {
  return `simple-mnist-${model.shape}-epoch${model.epoch.toFixed(2)}`;
}
downloadButton.addEventListener("click", () => {
  if (trainedModel === undefined) return;
  save(trainedModel.bytes, `${trainedName(trainedModel)}.smnn`);
});
// The same export as `deno task export`, run here: the file is the CLI's, byte for byte.
// A net the export cannot map is refused with the export's own reason, shown in the status.
downloadOnnxButton.addEventListener("click", () => {
  if (trainedModel === undefined) return;
  let onnx: Uint8Array;
  try {
    onnx = exportOnnx(decodeModelFile(trainedModel.bytes, "the net trained here"));
  } catch (error) {
    status.textContent = `No ONNX file: ${(error as Error).message}`;
    return;
  }
  save(onnx, `${trainedName(trainedModel)}.onnx`);
});

/** The shape of the net being trained, e.g. `784-128-10`. */
let shape = "";
function plural(n: number, word: string): string {
  const text = Number.isInteger(n) ? String(n) : n.toFixed(2);
  return `${text} ${word}${n === 1 ? "" : "s"}`;
}
worker.onmessage = async (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  switch (message.type) {
    case "loading":
      status.textContent = `Loading ${message.what}…`;
      break;
    case "started":
      shape = message.shape;
      // The run's clock starts once the data is in.
      runClock.since = performance.now();
      status.textContent = `Training ${message.shape} on wasm in a worker: ${
        message.train.toLocaleString("en")
      } training, ${message.dev.toLocaleString("en")} dev, ${
        message.test.toLocaleString("en")
      } test images.`;
      break;
    case "progress":
      training.add(message.progress);
      break;
    case "epoch":
      training.epochDone(message.testAccuracy);
      status.dataset.epochSeconds = String(message.seconds);
      status.dataset.runSeconds = String(message.runSeconds);
      status.textContent = `Training ${shape}: epoch ${
        message.epoch.toFixed(0)
      } of ${message.target}, ${message.runSeconds.toFixed(1)} s of steps so far; test accuracy ${
        message.testAccuracy.toFixed(3)
      }.`;
      break;
    case "weights":
      training.weights(message);
      break;
    case "model":
      trainedModel = { bytes: message.bytes, shape: message.shape, epoch: message.epoch };
      readers.trained = await loadPredictor(message.bytes, "the net trained here");
      readerSelect.querySelector<HTMLOptionElement>('option[value="trained"]')!.disabled = false;
      downloadButton.disabled = false;
      downloadOnnxButton.disabled = false;
      describeReader();
      void read();
      break;
    case "stopped": {
      runClock.total += (performance.now() - runClock.since) / 1000;
      status.dataset.runSeconds = String(message.runSeconds);
      status.dataset.wallSeconds = String(runClock.total);
      const time = `${runClock.total.toFixed(1)} s in all, ${
        message.runSeconds.toFixed(1)
      } s of it training steps`;
      status.textContent = message.finished
        ? `Done: ${shape} after ${
          plural(message.epoch, "epoch")
        } (${time}). Draw against it, or continue.`
        : `Stopped at epoch ${message.epoch.toFixed(2)} (${time}): continue, or draw against it.`;
      setTraining(message.finished ? "done" : "stopped");
      break;
    }
    case "error":
      heldRecipe = undefined;
      setTraining("idle");
      status.textContent = `Error: ${message.message}`;
      console.error(message.message);
      break;
  }
};
worker.onerror = (event) => {
  heldRecipe = undefined;
  setTraining("idle");
  status.textContent = `Error: the training worker failed (${event.message})`;
  console.error(`the training worker failed: ${event.message}`);
};

loadServedModel().catch((error) => {
  readerInfo.textContent = String(error);
  console.error(String(error));
});
