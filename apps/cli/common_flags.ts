// The flags several commands share.
import { text } from "@simple-mnist/command";

/** `--backend NAME`, for every command that computes. */
export const BACKEND_FLAG = text({
  value: "NAME",
  description: "compute backend",
  shown: "the fastest registered",
});

/** `--model PATH`, for the commands that read a saved model. */
export const MODEL_FLAG = text({
  value: "PATH",
  description: "a model saved by train --save (required)",
});

/** `--data PATH`, for the commands that read images. */
export const DATA_FLAG = text({
  value: "PATH",
  description: "Kaggle CSV, IDX file or IDX directory",
  shown: "the bundled MNIST",
});
