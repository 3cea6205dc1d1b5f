import { describe, expect, it } from "vitest";
import { recheckTabs, SUMMARY_TABS, tabKeysOf } from "../../../src/core/sync/county-tabs";
import {
  decodeTabManifest,
  encodeTabManifest,
  idsFirstSeen,
} from "../../../src/core/sync/tab-manifest";
import { shippedTemplates } from "../../../src/core/templates/bundle";

describe("the county tabs bound in the manifest", () => {
  it("lists every section recheck tab once, then 变更审批, 冲突处理, the approval tabs and 学分确认", () => {
    const tabs = recheckTabs(shippedTemplates);
    expect(tabs.slice(-6).map((t) => t.title)).toEqual([
      "变更审批",
      "冲突处理",
      "调动审批",
      "在职情况变动审批",
      "交流轮岗审批",
      "学分确认",
    ]);
    expect(tabs.at(-1)).toEqual({ key: "county.credits", title: "学分确认" });
    expect(tabs[0]).toEqual({ key: "basic", title: "基本信息" });
    expect(new Set(tabs.map((t) => t.key)).size).toBe(tabs.length);
    expect(new Set(tabs.map((t) => t.title)).size).toBe(tabs.length);
  });

  it("fits a manifest of every recheck and summary tab in Drive's property limits", () => {
    for (const tabs of [recheckTabs(shippedTemplates), SUMMARY_TABS]) {
      const manifest = new Map(tabs.map((t, i) => [t.key, 1_000_000_000 + i]));
      const encoded = encodeTabManifest(manifest);
      for (const [key, value] of Object.entries(encoded))
        expect(new TextEncoder().encode(key + value).length).toBeLessThanOrEqual(124);
      expect(decodeTabManifest(encoded)).toEqual(manifest);
      expect(Object.values(tabKeysOf(tabs))).toEqual(tabs.map((t) => t.key));
    }
  });
});

describe("idsFirstSeen", () => {
  it("keeps a renamed tab bound to its first id, so its title is never bound afresh", () => {
    const problem = { key: "county.transfer", title: "调动审批", sheetId: 7, foundTitle: "旧" };
    expect(idsFirstSeen({ 基本信息: 1 }, [problem])).toEqual({ 基本信息: 1, 调动审批: 7 });
    expect(idsFirstSeen(null, [])).toEqual({});
  });
});
