import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Logger } from "../util/logger.js";
import type { Engine } from "./engine.js";

const commonQueriesSchema = z.array(z.object({ text: z.string().min(1), model: z.string().min(1) }));

/** Texts per warming request: large enough to batch well, small enough to leave room for traffic. */
const WARM_CHUNK = 256;

/**
 * Cache warming: embeds the common queries of COMMON_QUERIES_FILE into the cache, model by
 * model, in chunks, as ordinary engine work (so it queues behind nothing and never blocks health
 * checks). Logs counts, never the texts. A bad file is logged and skipped, not fatal.
 */
export async function preloadCommonQueries(engine: Engine, file: string, logger: Logger): Promise<void> {
  const started = performance.now();
  let entries: z.infer<typeof commonQueriesSchema>;
  try {
    const parsed = commonQueriesSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
    if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
    entries = parsed.data;
  } catch (error) {
    logger.error({ file, err: (error as Error).message }, "common queries file is unusable; skipping cache warming");
    return;
  }
  const byModel = new Map<string, typeof entries>();
  for (const entry of entries) {
    const list = byModel.get(entry.model);
    if (list) list.push(entry);
    else byModel.set(entry.model, [entry]);
  }
  let warmed = 0;
  let failed = 0;
  for (const [model, items] of byModel) {
    for (let offset = 0; offset < items.length; offset += WARM_CHUNK) {
      const texts = items.slice(offset, offset + WARM_CHUNK).map((item) => item.text);
      try {
        const result = await engine.embed({ model, inputs: texts, normalize: true, truncate: true });
        warmed += result.vectors.length;
      } catch (error) {
        failed += texts.length;
        logger.warn({ model, texts: texts.length, err: (error as Error).message }, "cache warming failed for a chunk");
      }
    }
  }
  logger.info({ queries: entries.length, warmed, failed, models: byModel.size, ms: Math.round(performance.now() - started) }, "cache warmed from common queries");
}
