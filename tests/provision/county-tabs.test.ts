/**
 * The county's two spreadsheets carry a tab manifest like every school spreadsheet, and a tab
 * an office swapped for a look-alike in the recheck spreadsheet is repaired by the next run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { recheckTabs, SUMMARY_TABS } from "../../src/core/sync/county-tabs";
import { decodeTabManifest } from "../../src/core/sync/tab-manifest";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { type Setup, setUp } from "./emulator-setup";

const TRAINING = "jinxiu@hrjy.example.cn";
let setup: Setup;
let first: Provisioned[];

const run = () =>
  provision({
    clients: setup.admin,
    schools: [],
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: setup.serviceAccount,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });

function idOf(kind: "recheck" | "summary"): string {
  const entry = first.find((e) => e.kind === kind);
  if (!entry?.outcome.ok) throw new Error("not provisioned");
  return entry.outcome.spreadsheetId;
}

async function tabIds(spreadsheetId: string): Promise<Map<string, number>> {
  const meta = await setup.admin.sheets.spreadsheets.get({ spreadsheetId });
  return new Map(
    (meta.data.sheets ?? []).map((s) => [s.properties?.title ?? "", s.properties?.sheetId ?? -1]),
  );
}

async function manifestOf(fileId: string) {
  const { data } = await setup.admin.drive.files.get({ fileId, fields: "appProperties" });
  return decodeTabManifest(data.appProperties ?? {});
}

beforeAll(async () => {
  setup = await setUp({ quotas: { enabled: false } });
  first = await run();
}, 120_000);

afterAll(async () => {
  await setup?.stop();
});

describe("the county spreadsheets' tab manifest", () => {
  it("records every tab the worker reads or writes, on the recheck and the summary file", async () => {
    for (const [kind, tabs] of [
      ["recheck", recheckTabs(shippedTemplates)],
      ["summary", SUMMARY_TABS],
    ] as const) {
      const ids = await tabIds(idOf(kind));
      const manifest = await manifestOf(idOf(kind));
      expect(manifest && Object.fromEntries(manifest)).toEqual(
        Object.fromEntries(tabs.map((tab) => [tab.key, ids.get(tab.title)])),
      );
    }
  });
});

describe("a recheck tab swapped by an office", () => {
  it("is repaired by the next run, which says so", async () => {
    const id = idOf("recheck");
    const attacker = await setup.sheetsAs(TRAINING);
    const before = await tabIds(id);
    await attacker.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: ["调动审批", "基本信息", "学分确认"].flatMap((title) => [
          {
            updateSheetProperties: {
              properties: { sheetId: before.get(title), title: `${title}旧` },
              fields: "title",
            },
          },
          { addSheet: { properties: { title } } },
        ]),
      },
    });
    const again = await run();
    const recheck = again.find((e) => e.kind === "recheck");
    expect(recheck?.outcome).toMatchObject({
      ok: true,
      result: "completed",
      changes: expect.arrayContaining([
        { kind: "setAside", target: "调动审批（非系统表）" },
        { kind: "restoreTab", target: "调动审批" },
        { kind: "setAside", target: "基本信息（非系统表）" },
        { kind: "restoreTab", target: "基本信息" },
        { kind: "setAside", target: "学分确认（非系统表）" },
        { kind: "restoreTab", target: "学分确认" },
      ]),
    });
    const after = await tabIds(id);
    expect(after.get("调动审批")).toBe(before.get("调动审批"));
    expect(after.get("基本信息")).toBe(before.get("基本信息"));
    expect(after.has("调动审批（非系统表）")).toBe(true);
    expect(after.get("学分确认")).toBe(before.get("学分确认"));
    expect((await manifestOf(id))?.get("county.transfer")).toBe(before.get("调动审批"));
    expect((await manifestOf(id))?.get("county.credits")).toBe(before.get("学分确认"));
    expect(again.map((e) => e.outcome.ok && e.outcome.result)).toEqual(["completed", "unchanged"]);
  }, 60_000);
});
