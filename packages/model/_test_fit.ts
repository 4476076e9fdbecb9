// Tests train a net for some epochs and keep every epoch's logs.
import type { Examples } from "@simple-mnist/data";
import type { Tensor } from "@simple-mnist/backend";
import type { EpochLogs, FitResult, Sequential, TrainerOptions } from "./mod.ts";
import { Trainer } from "./trainer.ts";

export async function fit<T extends Tensor>(
  net: Sequential<T>,
  examples: Examples,
  epochs: number,
  options: TrainerOptions<T> = {},
): Promise<{ logs: EpochLogs[]; result: FitResult; trainer: Trainer<T> }> {
  const logs: EpochLogs[] = [];
  const trainer = new Trainer(net, examples, {
    ...options,
    callbacks: [...(options.callbacks ?? []), { onEpochEnd: (l) => void logs.push(l) }],
  });
  try {
    return { logs, result: await trainer.fit({ epochs }), trainer };
  } finally {
    trainer.dispose();
  }
}
