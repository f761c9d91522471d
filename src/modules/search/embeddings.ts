// The embeddings half of the AI gateway: POST {AI_BASE_URL}/embeddings { model, input: [...] }
// on any OpenAI-compatible server. Failures become a GatewayError whose message is safe to log
// and show: a reason and at most a status code, never the key or the upstream body.
import type { AiConfig } from "../../config";
import { GatewayError } from "../ai/gateway";

export const embeddingsConfigured = (ai: AiConfig): boolean => !!(ai.baseUrl && ai.embeddingModel);

/** Texts a single request carries: the background runner sends pending chunks in batches of this. */
export const EMBED_BATCH = 64;

/** One vector per input, in input order. All have the same dimension. */
export async function embedTexts(ai: AiConfig, input: string[], signal?: AbortSignal): Promise<Float32Array[]> {
  if (!embeddingsConfigured(ai)) throw new GatewayError("The AI gateway has no embedding model configured");
  if (!input.length) return [];
  const timeout = AbortSignal.timeout(ai.timeoutMs);
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (ai.apiKey) headers.Authorization = `Bearer ${ai.apiKey}`;
  let res: Response;
  try {
    res = await fetch(`${ai.baseUrl}/embeddings`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: ai.embeddingModel, input }),
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
  } catch {
    if (signal?.aborted) throw new GatewayError("The embedding request was abandoned (shutting down)");
    throw new GatewayError(timeout.aborted ? `The AI gateway gave no embeddings in ${ai.timeoutMs} ms` : "The AI gateway is unreachable");
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new GatewayError(`The AI gateway answered ${res.status} to an embeddings request`);
  }
  const body = (await res.json().catch(() => null)) as { data?: { index?: unknown; embedding?: unknown }[] } | null;
  return parseVectors(body?.data, input.length);
}

/** The `data` array of an embeddings answer as vectors in input order, or a GatewayError saying what is wrong. */
export function parseVectors(data: { index?: unknown; embedding?: unknown }[] | undefined, expected: number): Float32Array[] {
  if (!Array.isArray(data) || data.length !== expected) {
    throw new GatewayError(`The AI gateway's embeddings answer has ${Array.isArray(data) ? data.length : "no"} vectors for ${expected} inputs`);
  }
  const out = new Array<Float32Array>(expected);
  data.forEach((item, position) => {
    const at = typeof item?.index === "number" ? item.index : position;
    const e = item?.embedding;
    if (!Array.isArray(e) || !e.length || !e.every((x) => typeof x === "number" && Number.isFinite(x))) {
      throw new GatewayError("The AI gateway's embeddings answer holds something other than a vector of numbers");
    }
    if (at < 0 || at >= expected || out[at]) throw new GatewayError("The AI gateway's embeddings answer has an out-of-range or repeated index");
    out[at] = Float32Array.from(e as number[]);
  });
  if (out.some((v) => v.length !== out[0].length)) throw new GatewayError("The AI gateway's embeddings differ in dimension");
  return out;
}
