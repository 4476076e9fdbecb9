// A backend wrapper that times every call by op and shape, for
// `deno task compare-mlp --profile`: where an epoch's time goes.
import type { Backend, Tensor } from "@simple-mnist/backend";

/** Milliseconds and calls of one op at one set of shapes. */
export interface OpTime {
  key: string;
  ms: number;
  calls: number;
}

/** Wraps `backend` so that each op's calls are timed; `times()` reads the totals. */
export function profiled<T extends Tensor>(
  backend: Backend<T>,
): { backend: Backend<T>; times: () => OpTime[] } {
  const totals = new Map<string, OpTime>();
  const shape = (value: unknown) =>
    typeof value === "object" && value !== null && "rows" in value && "cols" in value
      ? `${(value as Tensor).rows}x${(value as Tensor).cols}`
      : undefined;
  const wrapped = new Proxy(backend, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || property === "create" || property === "constructor") {
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (...args: unknown[]) => {
        const flags = args.find((a) => typeof a === "object" && a !== null && !shape(a));
        const t = flags as { transposeA?: boolean; transposeB?: boolean } | undefined;
        const key = `${String(property)}${t?.transposeA ? "ᵀA" : ""}${t?.transposeB ? "ᵀB" : ""} ${
          args.map(shape).filter((s) => s !== undefined).join(" ")
        }`;
        const start = performance.now();
        const result = value.apply(target, args);
        const ms = performance.now() - start;
        const total = totals.get(key) ?? { key, ms: 0, calls: 0 };
        total.ms += ms;
        total.calls++;
        totals.set(key, total);
        return result;
      };
    },
  });
  return { backend: wrapped, times: () => [...totals.values()].sort((a, b) => b.ms - a.ms) };
}
