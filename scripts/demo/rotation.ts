/**
 * The demo's 交流轮岗 (issue 18, item 6): the 派出学校's info admin types the request, its
 * principal confirms, the 交流学校's principal confirms on the row the worker wrote into its own
 * 交流轮岗申请 tab, 人事股 approves; the 派出学校 gets the effective 交流轮岗 row, its 基本信息
 * 人员状态 reads 交流轮岗 (205) while the rotation runs, and the 交流学校 keeps the teacher's row,
 * read-only. The demo's own helpers (typing rows, ticking, 人事股's decisions, syncing until a
 * step lands) are passed in: this module only plays the rotation.
 */
import type { School } from "../../src/core/templates/index";
import type { GoogleClients } from "../lib/emulator-clients";
import type { DemoPerson } from "./people";
import type { RequestSteps } from "./requests";

/** The demo's own request steps (`RequestSteps`), plus what only the rotation step needs. */
export interface RotationDemoDeps
  extends Pick<
    RequestSteps,
    | "typeRequest"
    | "confirmRequest"
    | "decideRequest"
    | "waitUntil"
    | "requestRows"
    | "waitApproved"
  > {
  readonly clientsFor: (account: string) => Promise<GoogleClients>;
  readonly syncNow: () => Promise<void>;
}

export interface RotationDemo {
  readonly from: School;
  readonly fromSheet: string;
  readonly partner: School;
  readonly partnerSheet: string;
  readonly rotator: DemoPerson;
  readonly recheck: string;
}

export async function rotationDemo(deps: RotationDemoDeps, demo: RotationDemo): Promise<void> {
  const { from, fromSheet, partner, partnerSheet, rotator, recheck } = demo;
  const fromEntry = await deps.clientsFor(from.infoAdmins[0] ?? "");
  const fromHead = await deps.clientsFor(from.principals[0] ?? "");
  const partnerHead = await deps.clientsFor(partner.principals[0] ?? "");
  const personnel = await deps.clientsFor("renshi@hrjy.example.cn");
  // A rotation starts this month (Beijing day): not before the teacher joined the school.
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const end = `${Number(month.slice(0, 4)) + 1}${month.slice(4)}`;
  console.log(
    `  —— 交流轮岗：${from.name} ${rotator.name} 到 ${partner.name}（${month} 至 ${end}）——`,
  );
  await deps.typeRequest(fromEntry, fromSheet, "交流轮岗申请", {
    姓名: rotator.name,
    身份证件号: `'${rotator.idNumber}`,
    交流轮岗类型: "县域内交流轮岗",
    交流学校代码: `'${partner.code}`,
    开始年月: month,
    结束年月: end,
    交流原因: "城乡教师交流",
  });
  await deps.syncNow();
  await deps.confirmRequest(fromHead, fromSheet, "交流轮岗申请", rotator.name);
  console.log(`  ① ${from.name}（派出学校）信息管理员在「交流轮岗申请」录入，校长勾选「本校确认」`);
  await deps.syncNow();
  await deps.waitUntil(`${partner.name}「交流轮岗申请」出现待交流学校确认的申请`, async () =>
    (await deps.requestRows(partnerHead, partnerSheet, "交流轮岗申请")).some(
      (row) => row.姓名 === rotator.name && row.办理状态 === "待交流学校确认",
    ),
  );
  const asked = (await deps.requestRows(partnerHead, partnerSheet, "交流轮岗申请")).find(
    (row) => row.姓名 === rotator.name,
  );
  console.log(
    `  ② ${partner.name}（交流学校）的「交流轮岗申请」出现系统写入的一行：${(asked?.校验结果 ?? "").split("\n").at(-1) ?? ""}`,
  );
  await deps.confirmRequest(partnerHead, partnerSheet, "交流轮岗申请", rotator.name);
  console.log("  ③ 交流学校校长勾选该行的「本校确认」同意接收，申请转人事股");
  await deps.syncNow();
  const rotated = await deps.decideRequest(
    personnel,
    recheck,
    "交流轮岗审批",
    rotator.name,
    "审批",
  );
  console.log(`  ④ 人事股在「交流轮岗审批」对申请 ${rotated.id} 选择「确认」`);
  await deps.syncNow();
  await deps.waitApproved(personnel, recheck, "交流轮岗审批", rotated.id);
  await deps.waitUntil(
    `${rotator.name} 的「交流轮岗」出现轮岗记录，人员状态为交流轮岗`,
    async () => {
      const record = (await deps.requestRows(fromHead, fromSheet, "交流轮岗")).some(
        (row) => row.姓名 === rotator.name,
      );
      const basic = (await deps.requestRows(fromHead, fromSheet, "基本信息")).find(
        (row) => row.姓名 === rotator.name,
      );
      return record && basic?.人员状态 === "交流轮岗";
    },
  );
  console.log(
    `  ⑤ 已完成：${from.name} 的「交流轮岗」由系统写入一条已生效的轮岗记录（${partner.name}），轮岗期间「基本信息」人员状态为「交流轮岗」（205），结束后恢复`,
  );
  await deps.waitUntil(`${partner.name} 的「交流轮岗申请」显示在本校交流的教师`, async () =>
    (await deps.requestRows(partnerHead, partnerSheet, "交流轮岗申请")).some(
      (row) => row.姓名 === rotator.name && row.办理状态 === "已完成",
    ),
  );
  const shown = (await deps.requestRows(partnerHead, partnerSheet, "交流轮岗申请")).find(
    (row) => row.姓名 === rotator.name,
  );
  console.log(`  ⑥ ${partner.name} 的「交流轮岗申请」保留该教师（只读）：${shown?.校验结果 ?? ""}`);
}
