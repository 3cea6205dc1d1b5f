import { describe, expect, it } from "vitest";
import { fingerprint } from "../../../src/core/sync/fingerprint";

describe("fingerprint", () => {
  it("ignores key order and differs when a value differs", () => {
    expect(fingerprint({ a: "1", b: ["x", "y"] })).toBe(fingerprint({ b: ["x", "y"], a: "1" }));
    expect(fingerprint({ a: "1" })).not.toBe(fingerprint({ a: "2" }));
    expect(fingerprint({ a: "1" })).not.toBe(fingerprint({ a: 1 }));
    expect(fingerprint({ a: "1" })).not.toBe(fingerprint({ a: "1", b: "" }));
  });
  it("has no collisions across many similar records", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(fingerprint({ name: `李${i}`, row: i % 7 }));
    expect(seen.size).toBe(20_000);
  });
});
