/**
 * Runs the simulated-readers evaluation in a process of its own, so that `npm run eval` can give up
 * on it after a time limit (it is synchronous and cannot be interrupted in process).
 */
import { simulateReaders, type EvalArticle } from "./related.js";

process.once("message", async (articles: EvalArticle[]) => {
  try {
    process.send!({ result: await simulateReaders(articles) });
  } catch (err) {
    process.send!({ error: (err as Error).message });
  }
  process.disconnect();
});
