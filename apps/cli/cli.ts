import { EXIT_USAGE, reportError, UsageError } from "@simple-mnist/command";
import { crossValidateCommand } from "./cross_validate_command.ts";
import { evaluateCommand } from "./evaluate_command.ts";
import { exportDataCommand } from "./export_data_command.ts";
import { gradientCheckCommand } from "./gradient_check_command.ts";
import { onnxCommand } from "./onnx_command.ts";
import { predictCommand } from "./predict_command.ts";
import { reportCommand } from "./report_command.ts";
import { showAugmentCommand } from "./show_augment_command.ts";
import { showCommand } from "./show_command.ts";
import { trainCommand } from "./train_command.ts";
import { VERSION } from "./version.ts";

const COMMANDS: Record<string, { run: (args: string[]) => Promise<void>; summary: string }> = {
  train: { run: trainCommand, summary: "train the net and report train, dev and test accuracy" },
  evaluate: {
    run: evaluateCommand,
    summary: "accuracy, loss and confusion matrix of a saved model",
  },
  "cross-validate": {
    run: crossValidateCommand,
    summary: "K-fold cross-validation of a training recipe",
  },
  predict: { run: predictCommand, summary: "write a Kaggle submission CSV from a saved model" },
  report: { run: reportCommand, summary: "write an HTML report of a saved model" },
  show: { run: showCommand, summary: "draw one digit, with a model's prediction" },
  "show-augment": {
    run: showAugmentCommand,
    summary: "draw a digit beside augmented versions of it",
  },
  export: { run: onnxCommand, summary: "write a saved model as an ONNX file for other engines" },
  "export-data": { run: exportDataCommand, summary: "write the bundled MNIST as Kaggle CSVs" },
  "gradient-check": {
    run: gradientCheckCommand,
    summary: "check the backward pass against finite differences",
  },
};

function usage(): string {
  return [
    "Usage: simple-mnist <command> [flags]   (deno task <command> [flags])",
    "",
    "A neural network of any depth that learns MNIST digits, from scratch in TypeScript.",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`),
    "",
    "Run a command with --help for its flags. --version prints the version.",
  ].join("\n");
}

/**
 * Runs the CLI and returns its exit status: 0 on success, 2 for a usage
 * error, 1 for bad data or model files and any other failure. Errors are
 * printed as one `error:` line on stderr, without a stack trace.
 *
 * @param args The command line, without the program name.
 */
export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      console.log(usage());
      return command === undefined ? EXIT_USAGE : 0;
    }
    if (command === "--version" || command === "-V" || rest.includes("--version")) {
      console.log(`simple-mnist ${VERSION}`);
      return 0;
    }
    const entry = COMMANDS[command];
    if (entry === undefined) {
      throw new UsageError(
        `unknown command "${command}"; commands are ${Object.keys(COMMANDS).join(", ")}`,
      );
    }
    await entry.run(rest);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}
