import { expect, test } from "bun:test";
import { GatewayError } from "../ai/gateway";
import { embedTexts, parseVectors } from "./embeddings";

test("vectors come back in input order, by index", () => {
  const v = parseVectors([{ index: 1, embedding: [0, 1] }, { index: 0, embedding: [1, 0] }], 2);
  expect(v.map((x) => [...x])).toEqual([[1, 0], [0, 1]]);
});

test("malformed answers are GatewayErrors naming the problem", () => {
  const bad: [unknown, string][] = [
    [undefined, "no vectors"],
    [[{ embedding: [1] }], "1 vectors for 2"],
    [[{ embedding: "x" }, { embedding: [1] }], "something other than a vector"],
    [[{ embedding: [1, 2] }, { embedding: [1] }], "differ in dimension"],
    [[{ index: 0, embedding: [1] }, { index: 0, embedding: [1] }], "repeated index"],
  ];
  for (const [data, message] of bad) {
    expect(() => parseVectors(data as never, 2)).toThrow(GatewayError);
    expect(() => parseVectors(data as never, 2)).toThrow(message);
  }
});

test("an unconfigured or unreachable gateway is a GatewayError without the key", async () => {
  const ai = { baseUrl: null, apiKey: "sk-secret", chatModel: null, embeddingModel: null, timeoutMs: 500 };
  await expect(embedTexts(ai, ["x"])).rejects.toThrow("no embedding model");
  const down = { ...ai, baseUrl: "http://127.0.0.1:9/v1", embeddingModel: "m" };
  const err = (await embedTexts(down, ["x"]).catch((e) => e)) as Error;
  expect(err).toBeInstanceOf(GatewayError);
  expect(err.message).not.toContain("sk-secret");
  expect(await embedTexts(down, [])).toEqual([]);
});
