import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { googleFromEnv } from "../../src/adapters/google/index";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import { handleSyncMessage, randomId } from "../../src/jobs/dispatch";
import type { SyncMessage } from "../../src/jobs/messages";
import { syncSchoolSheet } from "../../src/jobs/sync-school";
import { validTabs } from "../core/validate/fixture";
import { envFor, registerServiceAccount } from "./support/emulator";
import { cellOf, createSchoolSheet } from "./support/school-sheet";

const HOLDER = {
  code: "4306230201",
  name: "华容县冲突甲校",
  category: "primary_secondary" as const,
};
const SECOND = {
  code: "4306230202",
  name: "华容县冲突乙校",
  category: "primary_secondary" as const,
};
let testEnv: Env;
const sheets = { holder: "", second: "" };

async function sync(school: typeof HOLDER, spreadsheetId: string) {
  const deps = {
    db: testEnv.DB,
    google: googleFromEnv(testEnv),
    crypto: await idCryptoFromEnv(testEnv),
    templates: shippedTemplates,
    now: new Date(),
    newId: randomId,
  };
  return syncSchoolSheet(deps, { kind: "school", spreadsheetId, version: 1, school }, true);
}

beforeAll(async () => {
  const sa = await registerServiceAccount("conflict");
  testEnv = envFor(sa);
  sheets.holder = await createSchoolSheet(sa, HOLDER, validTabs());
  // The second school enters the same three people.
  sheets.second = await createSchoolSheet(sa, SECOND, validTabs());
});

describe("one person, one number across schools", () => {
  it("the second school's row waits for 人事股, naming the school that entered the person first", async () => {
    await sync(HOLDER, sheets.holder);
    expect(await cellOf(sheets.holder, "基本信息", "审核状态", 2)).toBe("待审核");
    await sync(SECOND, sheets.second);
    expect(await cellOf(sheets.second, "基本信息", "审核状态", 2)).toBe("待完善");
    expect(await cellOf(sheets.second, "基本信息", "校验结果", 2)).toContain(
      `${HOLDER.name}（学校代码 ${HOLDER.code}）也录入了这个身份证件号`,
    );
  });

  it("the holding school sees it too, naming the second school", async () => {
    await sync(HOLDER, sheets.holder);
    expect(await cellOf(sheets.holder, "基本信息", "审核状态", 2)).toBe("待完善");
    expect(await cellOf(sheets.holder, "基本信息", "校验结果", 2)).toContain(
      `${SECOND.name}（学校代码 ${SECOND.code}）也录入了这个身份证件号`,
    );
  });

  it("entering the person wakes every school claiming them once, and they do not wake back", async () => {
    const sent: SyncMessage[] = [];
    const recording = {
      ...testEnv,
      SYNC_QUEUE: {
        sendBatch: async (batch: Iterable<MessageSendRequest<SyncMessage>>) => {
          sent.push(...[...batch].map((m) => m.body));
        },
      } as unknown as Queue<SyncMessage>,
    };
    const second = {
      kind: "school" as const,
      spreadsheetId: sheets.second,
      version: 1,
      school: SECOND,
      force: true,
    };
    const unchanged = await handleSyncMessage(recording, second, new Date());
    expect(unchanged).toMatchObject({ conflictsWith: [] });
    // A third school enters 张伟 as well: both schools claiming them are woken with a forced sync.
    const third = {
      code: "4306230203",
      name: "华容县冲突丙校",
      category: "primary_secondary" as const,
    };
    const sa = await registerServiceAccount("conflict-third");
    const thirdSheet = await createSchoolSheet(sa, third, validTabs());
    const asThird = { ...recording, ...envFor(sa), SYNC_QUEUE: recording.SYNC_QUEUE };
    await handleSyncMessage(
      asThird,
      { kind: "school", spreadsheetId: thirdSheet, version: 1, school: third },
      new Date(),
    );
    expect(sent).toEqual([
      { kind: "school", spreadsheetId: sheets.holder, version: 0, school: HOLDER, force: true },
      { kind: "school", spreadsheetId: sheets.second, version: 0, school: SECOND, force: true },
    ]);
    const holder = await handleSyncMessage(recording, sent[0] as SyncMessage, new Date());
    expect(holder).toMatchObject({ conflictsWith: [] });
  });
});
