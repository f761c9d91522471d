// A deterministic stand-in for an embedding model, for the search tests (served by the loopback
// OpenAI server) and the benchmark (computed in process): a bag of words hashed into DIM signed
// buckets, L2-normalized. Texts sharing words point the same way, so "near" is predictable:
// identical word sets have cosine distance 0, disjoint ones about 1.
export const DIM = 64;

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** FNV-1a, 32 bits. */
function hash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function hashEmbedding(text: string, dim = DIM): Float32Array {
  const v = new Float32Array(dim);
  for (const w of words(text)) {
    const h = hash(w);
    v[h % dim] += h & 0x80000000 ? -1 : 1;
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm === 0) {
    v[0] = 1; // no words: a fixed direction rather than a zero vector (cosine of zero is undefined)
    return v;
  }
  const s = 1 / Math.sqrt(norm);
  for (let i = 0; i < dim; i++) v[i] *= s;
  return v;
}
