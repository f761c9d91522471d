// A real HTTP server on loopback that speaks OpenAI's chat-completions and embeddings APIs, for
// the AI gateway's tests. Each test sets what the "model" answers; the server records requests.
export interface FakeOpenAI {
  baseUrl: string;
  requests: { path: string; auth: string | null; body: any }[];
  /** The assistant's text for the next chat completions (or a status to fail with). */
  reply(content: string | { status: number; body?: string } | ((body: any) => string)): void;
  /** Vectors for /v1/embeddings, by input text. */
  embed(fn: (input: string) => number[]): void;
  stop(): void;
}

export function startFakeOpenAI(): FakeOpenAI {
  let next: string | { status: number; body?: string } | ((body: any) => string) = "{}";
  let embedder: (input: string) => number[] = () => [1, 0, 0];
  const requests: FakeOpenAI["requests"] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const path = new URL(req.url).pathname;
      const body = await req.json().catch(() => null);
      requests.push({ path, auth: req.headers.get("authorization"), body });
      if (path === "/v1/chat/completions") {
        if (typeof next === "object") return new Response(next.body ?? "upstream error", { status: next.status });
        const content = typeof next === "function" ? next(body) : next;
        return Response.json({
          id: "chatcmpl-test", object: "chat.completion", created: 0, model: body?.model,
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }
      if (path === "/v1/embeddings") {
        const inputs: string[] = Array.isArray(body?.input) ? body.input : [body?.input];
        return Response.json({ object: "list", model: body?.model, data: inputs.map((s, index) => ({ object: "embedding", index, embedding: embedder(s) })) });
      }
      return new Response("not found", { status: 404 });
    },
  });
  return {
    baseUrl: `http://127.0.0.1:${server.port}/v1`,
    requests,
    reply: (c) => { next = c; },
    embed: (fn) => { embedder = fn; },
    stop: () => server.stop(true),
  };
}
