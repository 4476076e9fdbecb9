/** The stroke width on the 280×280 pad: about 2 pixels once the digit is scaled to 20, as in MNIST. */
export const STROKE_WIDTH = 20;

/**
 * A canvas to draw on with a mouse, a finger or a pen (pointer events),
 * white ink on black as MNIST's digits are.
 */
export class DrawPad {
  readonly #canvas: HTMLCanvasElement;
  readonly #context: CanvasRenderingContext2D;
  readonly #onChange: () => void;
  #last: { x: number; y: number } | undefined;
  #pointer: number | undefined;

  /**
   * Starts listening to the canvas.
   *
   * @param canvas The pad.
   * @param onChange Called after every stroke segment and on clear.
   */
  constructor(canvas: HTMLCanvasElement, onChange: () => void) {
    this.#canvas = canvas;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (context === null) throw new Error("Cannot draw: the canvas has no 2D context");
    this.#context = context;
    this.#onChange = onChange;
    canvas.addEventListener("pointerdown", (e) => this.#down(e));
    canvas.addEventListener("pointermove", (e) => this.#move(e));
    canvas.addEventListener("pointerup", (e) => this.#up(e));
    canvas.addEventListener("pointercancel", (e) => this.#up(e));
    this.#wipe();
  }

  /** Wipes the pad. */
  clear(): void {
    this.#wipe();
    this.#onChange();
  }

  #wipe(): void {
    this.#context.fillStyle = "#000";
    this.#context.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
  }

  /** The ink of every pixel (0–255), row-major, with the pad's size. */
  ink(): { width: number; height: number; ink: Uint8Array } {
    const { width, height } = this.#canvas;
    const rgba = this.#context.getImageData(0, 0, width, height).data;
    const ink = new Uint8Array(width * height);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i];
    return { width, height, ink };
  }

  #point(event: PointerEvent): { x: number; y: number } {
    const box = this.#canvas.getBoundingClientRect();
    return {
      x: (event.clientX - box.left) * (this.#canvas.width / box.width),
      y: (event.clientY - box.top) * (this.#canvas.height / box.height),
    };
  }

  #down(event: PointerEvent): void {
    if (this.#pointer !== undefined) return;
    event.preventDefault();
    this.#pointer = event.pointerId;
    this.#canvas.setPointerCapture(event.pointerId);
    this.#last = this.#point(event);
    this.#segment(this.#last, this.#last);
    this.#onChange();
  }

  #move(event: PointerEvent): void {
    if (event.pointerId !== this.#pointer || this.#last === undefined) return;
    event.preventDefault();
    const events = event.getCoalescedEvents?.() ?? [];
    for (const e of events.length > 0 ? events : [event]) {
      const point = this.#point(e);
      this.#segment(this.#last, point);
      this.#last = point;
    }
    this.#onChange();
  }

  #up(event: PointerEvent): void {
    if (event.pointerId !== this.#pointer) return;
    this.#pointer = undefined;
    this.#last = undefined;
    this.#onChange();
  }

  #segment(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const c = this.#context;
    c.strokeStyle = "#fff";
    c.lineWidth = STROKE_WIDTH;
    c.lineCap = "round";
    c.lineJoin = "round";
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
  }
}
