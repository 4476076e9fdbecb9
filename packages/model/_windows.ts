// Where a layer's square windows visit its C x H x W input (a convolution's
// filters, a pooling's windows), as the backend's WindowGeometry; a shape the
// layer cannot take is a RangeError phrased about the layer, for planNet to
// prefix with the layer's name and shapes.
import { type WindowGeometry, windowGeometry } from "@simple-mnist/backend";
import { formatShape, type Shape } from "./shape.ts";

/** The geometry of `kernel` x `kernel` windows over an image of shape `input`. */
export function windowsOver(
  input: Shape,
  kernel: number,
  options: { stride: number; padding: "valid" | "same"; what: string },
): WindowGeometry {
  if (input.length !== 3) {
    throw new RangeError(
      `it takes images of C x H x W, not vectors of ${
        formatShape(input)
      } (give the net an input shape such as 1x28x28)`,
    );
  }
  const [C, H, W] = input;
  if (options.padding === "valid" && (kernel > H || kernel > W)) {
    throw new RangeError(
      `its ${kernel}x${kernel} ${options.what} is larger than the ${H}x${W} image`,
    );
  }
  try {
    return windowGeometry(C, H, W, kernel, options);
  } catch (error) {
    throw new RangeError((error as Error).message.replace(/^Cannot place the window: /, ""));
  }
}
