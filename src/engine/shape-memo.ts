import { shapeVector } from "./vectors.js";

/**
 * Shaped (truncated / normalised) copies of cached raw vectors, kept beside them. A hot cache
 * hit then returns the very same Float32Array every time, so dialects can memoise its
 * serialised form too. Entries die with the raw vector they hang on (WeakMap).
 */
export class ShapeMemo {
  readonly #shapes = new WeakMap<Float32Array, Map<string, Float32Array>>();

  /** The raw vector shaped as asked; the same instance for the same raw vector and shape. Never mutate it. */
  shape(raw: Float32Array, dimensions: number | undefined, normalize: boolean): Float32Array {
    const shapeKey = `${dimensions ?? raw.length}:${normalize ? 1 : 0}`;
    let byShape = this.#shapes.get(raw);
    if (!byShape) this.#shapes.set(raw, (byShape = new Map()));
    let shaped = byShape.get(shapeKey);
    if (!shaped) byShape.set(shapeKey, (shaped = shapeVector(raw, dimensions, normalize)));
    return shaped;
  }
}
