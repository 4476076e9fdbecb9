// The messages between the page and the training worker.

/** Page → worker. */
export type ToWorker =
  /** A new net by the recipe, trained for `epochs` epochs. */
  | { type: "start"; recipe: string; epochs: number; seed: number }
  /** Pause after the step in progress. */
  | { type: "stop" }
  /** Go on with the same net for `epochs` more epochs (or the rest, when stopped early). */
  | { type: "continue"; epochs: number };

/** One point of the curves. */
export interface Progress {
  /** Epochs done so far, fractional within an epoch. */
  readonly epoch: number;
  /** Training loss and accuracy of the samples of the latest chunk. */
  readonly loss: number;
  readonly accuracy: number;
  /** Dev set figures, where evaluated. */
  readonly devLoss?: number;
  readonly devAccuracy?: number;
  /** Training samples per second over the latest chunk, steps only. */
  readonly samplesPerSecond: number;
}

/** Worker → page. */
export type FromWorker =
  | { type: "loading"; what: string }
  | { type: "started"; shape: string; train: number; dev: number; test: number; threads: number }
  | { type: "progress"; progress: Progress }
  /**
   * After an epoch (of full-batch training, every tenth): the test figures,
   * how long the epoch's steps took, and the whole run's steps so far.
   */
  | {
    type: "epoch";
    epoch: number;
    testAccuracy: number;
    testLoss: number;
    seconds: number;
    runSeconds: number;
  }
  | { type: "weights"; units: number; inputs: number; weights: Float32Array }
  | { type: "model"; bytes: Uint8Array; shape: string; epoch: number }
  | { type: "stopped"; epoch: number; finished: boolean }
  | { type: "error"; message: string };
