// The messages between the page and the training worker.

/** Page → worker. */
export type ToWorker =
  /** A new net by the recipe, trained for `epochs` epochs. */
  | { type: "start"; recipe: string; epochs: number; seed: number }
  /** Pause after the step in progress. */
  | { type: "stop" }
  /**
   * Go on with the net of `recipe` for `epochs` more epochs (or the rest,
   * when stopped early); when the worker holds another recipe's net, or
   * none, a new net by `recipe`.
   */
  | { type: "continue"; recipe: string; epochs: number; seed: number }
  /** Free the net: the page's menu now shows another recipe. */
  | { type: "discard" };

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
   * how long the epoch's steps took, and the whole run's steps so far;
   * `target` is the epochs this stretch of training goes to.
   */
  | {
    type: "epoch";
    epoch: number;
    target: number;
    testAccuracy: number;
    testLoss: number;
    seconds: number;
    runSeconds: number;
  }
  /**
   * The first learning layer's weights, `units` rows of `inputs`, each
   * drawn as a `side`×`side` image (null: a row is no image).
   */
  | {
    type: "weights";
    layer: "dense" | "conv2d";
    units: number;
    inputs: number;
    side: number | null;
    weights: Float32Array;
  }
  | { type: "model"; bytes: Uint8Array; shape: string; epoch: number }
  /** Training paused or ended: where, and the seconds of steps of the whole run. */
  | { type: "stopped"; epoch: number; finished: boolean; runSeconds: number }
  | { type: "error"; message: string };
