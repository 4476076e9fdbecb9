/// <reference lib="dom" />
// The page: draw a digit and watch the net read it; train a net in a worker.
import { DigitView } from "./digit_view.ts";
import { DrawPad } from "./draw_pad.ts";
import { loadPredictor, type Predictor } from "./model_adapter.ts";
import { NumberField } from "./number_field.ts";
import { toMnistPixels } from "./preprocess.ts";
import { PAGE_RECIPES } from "./recipes.ts";
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
// A menu cannot wrap its text: on a phone it shows each recipe's name and net (the label up to
// its first comma), and the chosen recipe's whole label goes under it.
const narrow = matchMedia("(max-width: 640px)");
function labelRecipes(): void {
  for (const [index, recipe] of PAGE_RECIPES.entries()) {
    const short = recipe.label.split(", ")[0];
    recipeSelect.options[index].textContent = narrow.matches ? short : recipe.label;
  }
  const chosen = PAGE_RECIPES.find((r) => r.id === recipeSelect.value);
  recipeNote.textContent = chosen?.label ?? "";
}
labelRecipes();
narrow.addEventListener("change", labelRecipes);
recipeSelect.addEventListener("change", labelRecipes);
const epochsInput = element<HTMLInputElement>("epochs");
const epochsField = new NumberField(epochsInput, element("epochs-error"), "Epochs");
// A full-batch epoch is a single step: the seed's recipe needs hundreds.
recipeSelect.addEventListener("change", () => {
  epochsInput.value = recipeSelect.value === "seed" ? "200" : "3";
});

const trainButton = element<HTMLButtonElement>("train");
const stopButton = element<HTMLButtonElement>("stop");
const continueButton = element<HTMLButtonElement>("continue");
const downloadButton = element<HTMLButtonElement>("download");
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
function setTraining(state: "idle" | "running" | "stopped"): void {
  document.body.dataset.training = state;
  trainButton.disabled = state === "running";
  recipeSelect.disabled = state === "running";
  stopButton.disabled = state !== "running";
  continueButton.disabled = state !== "stopped";
}
setTraining("idle");

trainButton.addEventListener("click", () => {
  const epochs = epochsField.value();
  if (epochs === undefined) return;
  training.reset();
  status.textContent = "Starting…";
  setTraining("running");
  send({ type: "start", recipe: recipeSelect.value, epochs, seed: 0 });
});
stopButton.addEventListener("click", () => {
  status.textContent = "Stopping after this step…";
  send({ type: "stop" });
});
continueButton.addEventListener("click", () => {
  const epochs = epochsField.value();
  if (epochs === undefined) return;
  setTraining("running");
  status.textContent = "Training…";
  send({ type: "continue", epochs });
});
downloadButton.addEventListener("click", () => {
  if (trainedModel === undefined) return;
  const blob = new Blob([trainedModel.bytes as Uint8Array<ArrayBuffer>], {
    type: "application/octet-stream",
  });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `simple-mnist-${trainedModel.shape}-epoch${trainedModel.epoch.toFixed(2)}.smnn`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
});

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
      status.textContent = `Training ${shape}: epoch ${message.epoch.toFixed(0)}, ${
        message.runSeconds.toFixed(1)
      } s of steps so far; test accuracy ${message.testAccuracy.toFixed(3)}.`;
      break;
    case "weights":
      training.weights(message.units, message.inputs, message.weights);
      break;
    case "model":
      trainedModel = { bytes: message.bytes, shape: message.shape, epoch: message.epoch };
      readers.trained = await loadPredictor(message.bytes, "the net trained here");
      readerSelect.querySelector<HTMLOptionElement>('option[value="trained"]')!.disabled = false;
      downloadButton.disabled = false;
      describeReader();
      void read();
      break;
    case "stopped":
      setTraining(message.finished ? "idle" : "stopped");
      continueButton.disabled = false;
      status.textContent = message.finished
        ? `Done: ${shape} after ${plural(message.epoch, "epoch")} (${
          Number(status.dataset.runSeconds ?? 0).toFixed(1)
        } s of steps). Draw against it, or continue.`
        : `Stopped at epoch ${message.epoch.toFixed(2)}: continue, or draw against it.`;
      document.body.dataset.training = message.finished ? "done" : "stopped";
      break;
    case "error":
      setTraining("idle");
      status.textContent = `Error: ${message.message}`;
      console.error(message.message);
      break;
  }
};
worker.onerror = (event) => {
  setTraining("idle");
  status.textContent = `Error: the training worker failed (${event.message})`;
  console.error(`the training worker failed: ${event.message}`);
};

loadServedModel().catch((error) => {
  readerInfo.textContent = String(error);
  console.error(String(error));
});
