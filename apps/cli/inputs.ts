import type { Backend, BackendRegistry } from "@simple-mnist/backend";
import { type Dataset, type DataSplits, limitRows, loadData } from "@simple-mnist/data";
import { loadModelFile, type ModelFile, Sequential, type Weights } from "@simple-mnist/model";
import { UsageError } from "./errors.ts";

/** Loads `--data` (or the bundled MNIST), applying `--limit` to the training rows. */
export async function loadSplits(path: string | undefined, limit?: number): Promise<DataSplits> {
  const splits = await loadData(path, { limit });
  return limit === undefined ? splits : { ...splits, train: limitRows(splits.train, limit) };
}

/** The set a command that reads one set should use: the test split if the source has one. */
export function evaluationSet(splits: DataSplits): Dataset {
  return splits.test ?? splits.train;
}

/** Finds `--backend`, turning an unknown name into a usage error. */
export function chooseBackend(registry: BackendRegistry, name: string | undefined): Backend {
  try {
    return registry.get(name ?? registry.list()[0]);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`--backend: ${error.message}`);
    throw error;
  }
}

/** Reads `--model` (see {@linkcode readModelFile}). */
export async function readModel(path: string): Promise<Weights> {
  return (await readModelFile(path)).weights;
}

/** Reads a model file with its metadata; every failure is `Cannot load model from PATH: …`. */
export async function readModelFile(path: string): Promise<ModelFile> {
  return await loadModelFile(path);
}

/** Builds a net for `data`, checking that its images fit the model. */
export function netFor(backend: Backend, weights: Weights, data: Dataset, modelPath: string) {
  if (weights.layers[0] !== data.features) {
    throw new Error(
      `Cannot use model ${modelPath} on ${data.source}: the model takes ${
        weights.layers[0]
      } pixels but the images have ${data.features}`,
    );
  }
  return Sequential.fromWeights(backend, weights);
}
