/**
 * Benchmark 3 (counts, not timing): design.md's cost model says an idle poll cycle is one Drive
 * request however many spreadsheets exist. This shares N spreadsheets with one account (the
 * service account's stand-in), polls as that account through googleapis the way
 * src/adapters/google/drive.ts does, and reads the emulator's request counters to prove it.
 */
import type { drive_v3 } from "googleapis";
import { clientsFor } from "../lib/emulator-clients";
import type { Options } from "./args";
import { pool, readStats, resetStats, withEmulator } from "./emulator";
import { fixed, whole } from "./measure";
import { announce, type BenchResult } from "./result";
import { schoolCode, schoolName } from "./synth";

const SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet";
const OWNER = "provisioner@huarong.example";
const POLLER = "tmis-sync@huarong.example";
/** Sheets' per-user limit (reads, and writes): the tighter of the quotas a cycle draws on. */
const QUOTA_PER_MINUTE = 60;
const CRON_MINUTES = 5;
const CHANGED = 3;
/** 100,000 files at 1,000 a page, the most --files allows. */
const MAX_PAGES = 100;

interface Poll {
  readonly files: number;
  /** Requests as the emulator counted them for the poller. */
  readonly requests: number;
  readonly lastModified: string | undefined;
}

export async function benchCost(options: Options): Promise<BenchResult> {
  return withEmulator(async (emulator) => {
    const owner = await clientsFor(emulator.url, OWNER);
    const poller = await clientsFor(emulator.url, POLLER);
    const ids: string[] = new Array(options.files);
    // Six in flight, like a worker invocation's connection limit; setup is not measured.
    await pool(ids, 6, async (_, index) => {
      const file = await owner.drive.files.create({
        requestBody: {
          name: `${schoolName(index)} 教师信息`,
          mimeType: SPREADSHEET_MIME,
          appProperties: { tmisKind: "school", schoolCode: schoolCode(index) },
        },
        fields: "id",
      });
      const id = file.data.id;
      if (!id) throw new Error("files.create 没有返回 id");
      ids[index] = id;
      await owner.drive.permissions.create({
        fileId: id,
        sendNotificationEmail: false,
        requestBody: { type: "user", role: "writer", emailAddress: POLLER },
      });
    });
    const start = await poller.drive.changes.getStartPageToken({});
    const pageToken = start.data.startPageToken;
    if (!pageToken) throw new Error("changes.getStartPageToken 没有返回令牌");

    /** Runs one poll as the poller and returns what the emulator counted for it. */
    const counted = async (poll: () => Promise<Omit<Poll, "requests">>): Promise<Poll> => {
      await resetStats(emulator);
      const result = await poll();
      const stats = await readStats(emulator);
      return { ...result, requests: stats.byIdentity[POLLER]?.total ?? 0 };
    };
    const list = (since?: string) => counted(() => listModifiedSince(poller.drive, since));

    const first = await list();
    if (first.files !== options.files)
      throw new Error(`首次轮询列出 ${first.files} 个文件，应为 ${options.files} 个`);
    const idle = await list(first.lastModified);
    const idleChanges = await counted(async () => {
      const res = await poller.drive.changes.list({
        pageToken,
        fields: "newStartPageToken,nextPageToken,changes(fileId)",
      });
      return { files: res.data.changes?.length ?? 0, lastModified: undefined };
    });

    // A few schools edit a cell: the next poll lists exactly those, still in one request.
    for (const id of ids.slice(0, CHANGED))
      await owner.sheets.spreadsheets.values.update({
        spreadsheetId: id,
        range: "A1",
        valueInputOption: "RAW",
        requestBody: { values: [["已修改"]] },
      });
    const changed = await list(idle.lastModified ?? first.lastModified);
    if (changed.files !== Math.min(CHANGED, options.files))
      throw new Error(`改动后轮询列出 ${changed.files} 个文件，应为 ${CHANGED} 个`);

    const perMinute = idle.requests / CRON_MINUTES;
    const headroom = QUOTA_PER_MINUTE - idle.requests;
    const naiveMinutes = options.files / QUOTA_PER_MINUTE;
    return announce({
      title: `成本模型 Cost model (${whole(options.files)} 个表格共享给一个账号 spreadsheets shared with one account)`,
      metrics: [
        {
          label: "首次轮询 first poll, no cursor",
          value: `${whole(first.files)} 个文件 files, ${first.requests} 次请求 request(s)`,
        },
        {
          label: "空闲轮询 idle poll, modifiedTime > last seen",
          value: `${whole(idle.files)} 个文件 files, ${idle.requests} 次请求 request(s)`,
        },
        {
          label: "空闲轮询 idle poll, changes.list from stored token",
          value: `${whole(idleChanges.files)} 个变更 changes, ${idleChanges.requests} 次请求 request(s)`,
        },
        {
          label: `${CHANGED} 个表格改动后 after ${CHANGED} spreadsheets changed`,
          value: `${whole(changed.files)} 个文件 files, ${changed.requests} 次请求 request(s)`,
        },
        {
          label: `配额余量 headroom, ${QUOTA_PER_MINUTE}/min/user, ${CRON_MINUTES}-min cron`,
          value: `空闲轮询用 ${idle.requests}/${QUOTA_PER_MINUTE}，余 ${headroom} (idle poll uses ${idle.requests} of ${QUOTA_PER_MINUTE}, ${headroom} left; ${fixed(perMinute, 1)}/min averaged)`,
        },
        {
          label: "对照：逐表读取 contrast: one read per spreadsheet (derived)",
          value: `${whole(options.files)} 次请求/轮 requests per cycle = ${fixed(naiveMinutes, 1)} 分钟配额 minutes of quota`,
        },
      ],
      numbers: {
        files: options.files,
        firstPollRequests: first.requests,
        idlePollRequests: idle.requests,
        idleChangesRequests: idleChanges.requests,
        changedFiles: changed.files,
        changedPollRequests: changed.requests,
        quotaPerMinute: QUOTA_PER_MINUTE,
        idleHeadroomPerMinute: headroom,
        idleRequestsPerMinute: perMinute,
        naiveQuotaMinutes: naiveMinutes,
      },
    });
  });
}

/** The worker's query (src/adapters/google/drive.ts), page by page, 1,000 files a page. */
async function listModifiedSince(
  drive: drive_v3.Drive,
  since: string | undefined,
): Promise<Omit<Poll, "requests">> {
  const clauses = [`mimeType = '${SPREADSHEET_MIME}'`, "trashed = false"];
  if (since) clauses.push(`modifiedTime > '${since}'`);
  let files = 0;
  let lastModified: string | undefined;
  let pageToken: string | undefined;
  let pages = 0;
  do {
    // A server that kept handing out page tokens must not keep the benchmark running.
    pages += 1;
    if (pages > MAX_PAGES) throw new Error(`files.list 超过 ${MAX_PAGES} 页仍未结束`);
    const res = await drive.files.list({
      q: clauses.join(" and "),
      fields: "nextPageToken,files(id,name,version,modifiedTime,appProperties)",
      pageSize: 1000,
      pageToken,
    });
    for (const file of res.data.files ?? []) {
      files += 1;
      if (file.modifiedTime && (!lastModified || file.modifiedTime > lastModified))
        lastModified = file.modifiedTime;
    }
    pageToken = res.data.nextPageToken ?? undefined;
  } while (pageToken);
  return { files, lastModified };
}
