/** Vector arithmetic shared by the engine: truncation, normalisation, similarity. */

/** L2 norm of a vector. */
export function l2Norm(vector: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
}

/**
 * The first `dimensions` components (all when undefined), L2-normalised when `normalize`.
 * Always returns a new array, so cached raw vectors are never changed by a caller.
 * A zero vector stays zero rather than turning into NaN.
 */
export function shapeVector(raw: Float32Array, dimensions: number | undefined, normalize: boolean): Float32Array {
  const out = raw.slice(0, dimensions ?? raw.length);
  if (!normalize) return out;
  const norm = l2Norm(out);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

/** True when every component is a finite number (no NaN or Infinity from a backend). */
export function isFiniteVector(vector: Float32Array): boolean {
  for (let i = 0; i < vector.length; i++) if (!Number.isFinite(vector[i])) return false;
  return true;
}
