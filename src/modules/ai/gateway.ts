// The AI gateway client: any server that speaks OpenAI's chat-completions API (OpenAI itself,
// a LiteLLM or vLLM proxy, Ollama's /v1). One small client so the rest of the app never sees
// HTTP details; every failure becomes a GatewayError with a reason safe to log (never the key).
import type { AiConfig } from "../../config";

export class GatewayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GatewayError";
  }
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export const chatConfigured = (ai: AiConfig) => !!(ai.baseUrl && ai.chatModel);

/** One chat completion; returns the assistant's text. */
export async function chatComplete(ai: AiConfig, messages: ChatMessage[], opts: { json?: boolean } = {}): Promise<string> {
  if (!chatConfigured(ai)) throw new GatewayError("The AI gateway is not configured");
  let res: Response;
  try {
    res = await fetch(`${ai.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(ai.apiKey ? { Authorization: `Bearer ${ai.apiKey}` } : {}) },
      body: JSON.stringify({
        model: ai.chatModel,
        messages,
        temperature: 0,
        ...(opts.json ? { response_format: { type: "json_object" } } : {}),
      }),
      signal: AbortSignal.timeout(ai.timeoutMs),
    });
  } catch (e) {
    const why = (e as Error).name === "TimeoutError" ? `no answer in ${ai.timeoutMs} ms` : "unreachable";
    throw new GatewayError(`The AI gateway is ${why}`);
  }
  if (!res.ok) throw new GatewayError(`The AI gateway answered ${res.status}`);
  let body: { choices?: { message?: { content?: unknown } }[] };
  try {
    body = await res.json();
  } catch {
    throw new GatewayError("The AI gateway answered with something other than JSON");
  }
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new GatewayError("The AI gateway's answer has no message content");
  return content;
}
