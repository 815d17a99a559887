/** Building blocks of route declarations, so every dialect describes bodies the same way. */

/** A JSON response of `schema`, for a route's `responses`. */
export function jsonResponse<T>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body of `schema`, for a route's `request`. */
export function jsonRequest<T>(schema: T) {
  return { body: { required: true, content: { "application/json": { schema } } } };
}
