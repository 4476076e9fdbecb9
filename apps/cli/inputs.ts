import type { Backend, BackendRegistry } from "@simple-mnist/backend";
import { UsageError } from "@simple-mnist/command";
import { type Dataset, type DataSplits, limitRows, loadData } from "@simple-mnist/data";
import { loadModelFile, type ModelFile, Sequential } from "@simple-mnist/model";

/** Loads `--data` (or the bundled MNIST), applying `--limit` to the training rows. */
export async function loadSplits(
  path: string | undefined,
  limit?: number | null,
): Promise<DataSplits> {
  const splits = await loadData(path, { limit: limit ?? undefined });
  return limit == null ? splits : { ...splits, train: limitRows(splits.train, limit) };
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

/** Reads a model file with its metadata; every failure is `Cannot load model from PATH: …`. */
export async function readModelFile(path: string): Promise<ModelFile> {
  return await loadModelFile(path);
}

/** Builds a saved net for `data`, checking that its images fit the model. */
export function netFor(backend: Backend, file: ModelFile, data: Dataset, modelPath: string) {
  const inputs = file.input.reduce((n, d) => n * d, 1);
  if (inputs !== data.features) {
    throw new Error(
      `Cannot use model ${modelPath} on ${data.source}: the model takes ${inputs} pixels but the images have ${data.features}`,
    );
  }
  return Sequential.fromDescription(backend, file);
}
