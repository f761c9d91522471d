import { describe, expect, test } from "bun:test";
import { fuse, keywordScore, RRF_K, vectorScore } from "./service";

describe("scores", () => {
  test("keyword r/(1+r): 0..1, monotonic, 0.5 at a BM25 of 1", () => {
    expect(keywordScore(0)).toBe(0);
    expect(keywordScore(-3)).toBe(0);
    expect(keywordScore(1)).toBe(0.5);
    const xs = [0.001, 0.5, 1, 2, 10, 1e6].map(keywordScore);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    expect(xs.at(-1)!).toBeLessThan(1);
  });

  test("vector: 1 − cosine distance, clamped", () => {
    expect(vectorScore(0)).toBe(1);
    expect(vectorScore(0.25)).toBe(0.75);
    expect(vectorScore(1.5)).toBe(0);
    expect(vectorScore(-0.0001)).toBe(1);
  });
});

describe("reciprocal rank fusion", () => {
  const hits = (...ids: string[]) => ids.map((documentId) => ({ documentId, score: 0.5 }));

  test("first in both lists scores 1; first in one only 0.5; documents in both lists rise", () => {
    const fused = fuse([hits("a", "b", "c"), hits("a", "c", "d")]);
    expect(fused[0]).toEqual({ documentId: "a", score: 1 });
    expect(fused.map((h) => h.documentId)).toEqual(["a", "c", "b", "d"]);
    expect(fused.find((h) => h.documentId === "c")!.score).toBeCloseTo((1 / (RRF_K + 3) + 1 / (RRF_K + 2)) / (2 / (RRF_K + 1)));
    expect(fuse([hits("x"), hits("y")])[0].score).toBeCloseTo(0.5);
    for (let i = 1; i < fused.length; i++) expect(fused[i].score).toBeLessThanOrEqual(fused[i - 1].score);
    expect(fuse([[], []])).toEqual([]);
  });
});
