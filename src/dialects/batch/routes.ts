import { createRoute } from "@hono/zod-openapi";
import { createDialectRouter } from "../../http/dialect-router.js";
import { jobContext, jsonText, setEmbedHeaders } from "../../http/embed-context.js";
import type { Services } from "../../services.js";
import { ollamaErrorSchema } from "../ollama/schemas.js";
import { toBatchJob, toBatchResponseText } from "./adapter.js";
import { batchRequestSchema, batchResponseSchema } from "./schemas.js";

const errorBody = (description: string) => ({ description, content: { "application/json": { schema: ollamaErrorSchema } } });

const batchRoute = createRoute({
  method: "post",
  path: "/api/embed/batch",
  tags: ["Batch"],
  summary: "Embed batches of texts in one request",
  request: { body: { required: true, content: { "application/json": { schema: batchRequestSchema } } } },
  responses: {
    200: { description: "Vectors nested as the input", content: { "application/json": { schema: batchResponseSchema } } },
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
