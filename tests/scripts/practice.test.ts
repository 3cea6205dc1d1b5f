/**
 * `npm run practice`: a practice county on the real local stack (emulator + wrangler dev) in a
 * fresh state directory; every school shows its seeded mistakes after the first sync, read back
 * with googleapis as the school's info admin. A directory that is not a practice county's is
 * refused before anything starts.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../scripts/emulator/server";
import { clientsFor } from "../../scripts/lib/emulator-clients";
import { readTab } from "../../scripts/lib/school-sheet";
import { main } from "../../scripts/practice/cli";
import { practiceTrainees } from "../../scripts/practice/county";
import { schoolSpreadsheetTitle } from "../../src/core/provision/index";

const TRAINEES = 3;

/** What 校验结果 says on each 基本信息 row as seeded (null: the row is right, 待审核). */
const BASIC_FINDINGS = [
  "校验位错误",
  "无法确定月份",
  "与名称「中国共产主义青年团团员」不一致",
  "民族：「国籍/地区」为“中国”时必填",
  null,
  "不能早于「参加工作年月」",
  null,
  "同一人（身份证件号相同）",
  null,
  null,
];

async function run(argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, (line) => lines.push(line));
  return { code, output: lines.join("\n") };
}

describe("npm run practice", () => {
  let dir: string;
  let result: { code: number; output: string };

  beforeAll(async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), "tmis-practice-")), "state");
    result = await run([
      ...["--trainees", String(TRAINEES), "--state-dir", dir],
      ...["--emulator-port", "0", "--worker-port", "0", "--seed-only"],
    ]);
  }, 150_000);

  afterAll(async () => {
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it("prints each trainee's accounts and the exercise list", () => {
    expect(result.code, result.output).toBe(0);
    for (let n = 1; n <= TRAINEES; n++) {
      expect(result.output).toContain(`【学员 ${n}】`);
      for (const role of ["xxgl", "xz", "xtgl", "cxy"])
        expect(result.output).toContain(`${role}${n}@practice.huarong.test`);
      expect(result.output).toContain(`练习幼儿园（学员${n}） 教师账号：`);
    }
    expect(result.output).not.toContain(`【学员 ${TRAINEES + 1}】`);
    expect(result.output).toContain("renshi@practice.huarong.test");
    const anchors = ["录入", "校验结果", "校长审核", "县级复核", "变更", "调动"];
    for (const [i, anchor] of anchors.entries()) {
      const line = `^  ${i + 1}\\. .*docs/manual/操作手册\\.md#${anchor}）$`;
      expect(result.output).toMatch(new RegExp(line, "m"));
    }
  });

  it("shows the seeded mistakes in every school's 审核状态 and 校验结果 after the first sync", async () => {
    const emulator = await startEmulator({ dataDir: path.join(dir, "emulator") });
    try {
      for (const trainee of practiceTrainees(TRAINEES)) {
        const user = await clientsFor(emulator.url, trainee.accounts.infoAdmin);
        const files = await user.drive.files.list({ fields: "files(id,name)" });
        for (const school of trainee.schools) {
          const file = files.data.files?.find((f) => f.name === schoolSpreadsheetTitle(school));
          const [headers = [], ...rows] = await readTab(user, file?.id ?? "", "基本信息");
          const at = (h: string) => headers.indexOf(h);
          const shown = rows.map((row) => [row[at("审核状态")], row[at("校验结果")] ?? ""]);
          expect(shown.length, school.name).toBe(BASIC_FINDINGS.length);
          BASIC_FINDINGS.forEach((finding, i) => {
            const [status, text] = shown[i] ?? [];
            if (finding === null) expect(status, `${school.name} 第${i + 2}行`).toBe("待审核");
            else {
              expect(status, `${school.name} 第${i + 2}行`).toBe("待完善");
              expect(text).toContain(finding);
            }
          });
          const contact = await readTab(user, file?.id ?? "", "联系方式");
          expect(contact.flat().join("\n")).toContain("是固定电话，请填写手机号码");
        }
      }
    } finally {
      await emulator.close();
    }
  });

  it("refuses a state directory holding a county that is not a practice one", async () => {
    const real = await mkdtemp(path.join(tmpdir(), "tmis-real-"));
    try {
      await writeFile(path.join(real, "admin-token"), "secret\n");
      const refused = await run(["--state-dir", real, "--seed-only"]);
      expect(refused.code).toBe(2);
      expect(refused.output).toContain("不是练习县的数据");
      expect(await readdir(real)).toEqual(["admin-token"]);
      const campaign = await run(["--state-dir", path.resolve(".tmis"), "--seed-only"]);
      expect(campaign.code).toBe(2);
      expect(campaign.output).toContain("是正式使用的状态目录");
    } finally {
      await rm(real, { recursive: true, force: true });
    }
  });
});
