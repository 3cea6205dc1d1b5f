import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../../src/adapters/crypto/index";
import { otherClaimants } from "../../../src/adapters/store/claims";
import { applyRegistryChanges, upsertSchools } from "../../../src/adapters/store/registry";

const A = "4306230101";
const B = "4306230102";
const C = "4306230103";

const basic = (recordId: string, schoolCode: string, personKey: string, section = "basic") => ({
  kind: "putRecord" as const,
  record: {
    recordId,
    schoolCode,
    section,
    personKey,
    state: "incomplete" as const,
    seenHash: "h",
    approvedHash: null,
    effective: null,
    changeRequestId: null,
    reason: null,
  },
});

beforeAll(async () => {
  const crypto = await idCryptoFromEnv(env);
  await upsertSchools(
    env.DB,
    [A, B, C].map((code, i) => ({
      code,
      name: `测试学校${i + 1}`,
      category: "primary_secondary" as const,
      township: "",
      spreadsheetId: null,
    })),
  );
  await applyRegistryChanges(
    env.DB,
    [
      basic("RC1", A, "pk-shared"),
      basic("RC2", B, "pk-shared"),
      basic("RC3", C, "pk-contact-only", "contact"),
      basic("RC4", A, "pk-contact-only"),
      {
        ...basic("RC5", C, "pk-removed"),
        record: { ...basic("RC5", C, "pk-removed").record, removedAt: "2026-11-01T00:00:00Z" },
      },
      basic("RC6", A, "pk-removed"),
    ],
    crypto,
    "2026-11-28T00:00:00.000Z",
  );
});

describe("otherClaimants", () => {
  it("finds the other school whose 基本信息 names the person, from either side", async () => {
    expect(await otherClaimants(env.DB, ["pk-shared"], A)).toEqual(
      new Map([["pk-shared", { schoolCode: B, schoolName: "测试学校2" }]]),
    );
    expect((await otherClaimants(env.DB, ["pk-shared"], B)).get("pk-shared")?.schoolCode).toBe(A);
  });

  it("ignores other sections, removed rows and the school itself", async () => {
    const found = await otherClaimants(env.DB, ["pk-contact-only", "pk-removed"], A);
    expect(found.size).toBe(0);
    expect(await otherClaimants(env.DB, [], A)).toEqual(new Map());
  });
});
