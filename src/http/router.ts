// Every area's Elysia plugin starts here, so all share one validation policy.
import { Elysia } from "elysia";

/**
 * normalize "typebox": a value of the wrong type is a validation error and unknown properties
 * are dropped. (Elysia's default "exactMirror" normalization turns a string sent where an object
 * belongs into {"0": …}, accepting bad input instead of refusing it.)
 */
export function router<const Name extends string, const Prefix extends string = "">(name: Name, prefix?: Prefix) {
  return new Elysia({ name, prefix: prefix as Prefix, normalize: "typebox" });
}
