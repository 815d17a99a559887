import { createRoute } from "@hono/zod-openapi";
import { createDialectRouter } from "../../http/dialect-router.js";
import { jobContext, jsonText, setEmbedHeaders } from "../../http/embed-context.js";
import type { Services } from "../../services.js";
import { ollamaErrorSchema } from "../ollama/schemas.js";
import { toBatchJob, toBatchResponseText } from "./adapter.js";
import { batchRequestSchema, batchResponseSchema } from "./schemas.js";
import { jsonRequest, jsonResponse } from "../../http/openapi-parts.js";

const errorBody = (description: string) => jsonResponse(ollamaErrorSchema, description);

const batchRoute = createRoute({
  method: "post",
  path: "/api/embed/batch",
  tags: ["Batch"],
  summary: "Embed batches of texts in one request",
  request: jsonRequest(batchRequestSchema),
  responses: {
    200: jsonResponse(batchResponseSchema, "Vectors nested as the input"),
    400: errorBody("Malformed request"),
    404: errorBody("Unknown model"),
    503: errorBody("Overloaded"),
  },
});

/** The roadmap's batch endpoint. */
export function batchRoutes(services: Services) {
  const router = createDialectRouter();
  router.openapi(batchRoute, async (c) => {
    const body = c.req.valid("json");
    const result = await services.engine.embed(toBatchJob(body, jobContext(c)));
    setEmbedHeaders(c, result);
    return jsonText(c, toBatchResponseText(body, result));
  });
  return router;
}
