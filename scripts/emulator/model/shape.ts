/**
 * Readers for request bodies, which arrive as `unknown` JSON. Each reader names the offending
 * path the way Google's errors do, and unknown keys are rejected instead of silently ignored.
 */
import { invalidArgument } from "../errors";
import type { JsonObject } from "./types";

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function obj(value: unknown, where: string): Obj {
  if (!isObj(value)) throw invalidArgument(`Invalid value at '${where}': expected an object`);
  return value;
}

/** Rejects keys outside `allowed`, with Google's "Cannot find field" wording. */
export function onlyKeys(value: Obj, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw invalidArgument(
        `Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`,
      );
    }
  }
}

export function optInt(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw invalidArgument(`Invalid value at '${where}' (TYPE_INT32), ${JSON.stringify(value)}`);
  }
  return n;
}

export function int(value: unknown, where: string): number {
  const n = optInt(value, where);
  if (n === undefined) throw invalidArgument(`Missing required field '${where}'.`);
  return n;
}

export function optStr(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw invalidArgument(`Invalid value at '${where}' (TYPE_STRING), ${JSON.stringify(value)}`);
  }
  return value;
}

export function str(value: unknown, where: string): string {
  const s = optStr(value, where);
  if (s === undefined) throw invalidArgument(`Missing required field '${where}'.`);
  return s;
}

export function optBool(value: unknown, where: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") {
    throw invalidArgument(`Invalid value at '${where}' (TYPE_BOOL), ${JSON.stringify(value)}`);
  }
  return value;
}

export function optArr(value: unknown, where: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidArgument(`Invalid value at '${where}': expected a list`);
  return value;
}

export function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  where: string,
): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw invalidArgument(
      `Invalid value at '${where}' (${allowed.join(" | ")}), ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/** Copies an arbitrary JSON object we store opaquely (colours, chart specs), dropping undefined. */
export function jsonObj(value: unknown, where: string): JsonObject {
  return structuredClone(obj(value, where)) as JsonObject;
}
