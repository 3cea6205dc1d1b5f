/** @jsxImportSource hono/jsx */
/**
 * The print page of a school's account slips: server-rendered, no script, eight slips to an A4
 * page (print CSS in style.ts). Each slip: school, name, 教师编号, the initial password in groups
 * of four, the portal address with its QR code, and what to do first.
 */
import { raw } from "hono/html";
import { qrSvg } from "../../core/accounts/qr";
import {
  CLEARED_NOTE,
  type ClearedAccount,
  FIRST_STEPS,
  passwordGroups,
  SLIPS_PATH,
  type Slip,
} from "../../core/accounts/slips";

/** Slips on one printed page: two across, four down. */
export const SLIPS_PER_PAGE = 8;

function Layout(props: { title: string; children: unknown }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={`${SLIPS_PATH}/slips.css`} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

export function SlipsPage(props: {
  school: string;
  portal: string;
  slips: readonly Slip[];
  cleared: readonly ClearedAccount[];
}) {
  const { school, portal, slips, cleared } = props;
  // One code for every slip: they all carry the same address.
  const qr = raw(qrSvg(portal, `教师登录地址二维码：${portal}`));
  const pages = Array.from({ length: Math.ceil(slips.length / SLIPS_PER_PAGE) }, (_, page) =>
    slips.slice(page * SLIPS_PER_PAGE, (page + 1) * SLIPS_PER_PAGE),
  );
  return (
    <Layout title={`${school} 教师账号条`}>
      <div class="intro screen-only">
        <h1>{`${school} 教师账号条`}</h1>
        <p data-testid="slip-count">
          {`共 ${slips.length} 张。用浏览器的“打印”（电脑按 Ctrl+P）打印到 A4 纸，每页 8 张，沿虚线剪开，逐一交给本人。`}
        </p>
        <p class="warn">
          本页含初始密码：只交给本人，打印后关闭本页，不要转发本页链接或截图。教师首次登录后初始密码即作废。
        </p>
      </div>
      {pages.map((onPage) => (
        <div class="page">
          {onPage.map((slip) => (
            <section class="slip" data-testid="slip" data-teacher={slip.teacherNumber}>
              <div class="slip-head">
                <span>{school}</span>
                <span class="kind">教师信息系统账号</span>
              </div>
              <dl class="facts">
                <dt>姓名</dt>
                <dd class="name">{slip.name}</dd>
                <dt>教师编号</dt>
                <dd class="mono number" data-testid="slip-number">
                  {slip.teacherNumber}
                </dd>
                <dt>初始密码</dt>
                <dd class="mono password" data-testid="slip-password">
                  {passwordGroups(slip.password).map((group) => (
                    <span>{group}</span>
                  ))}
                </dd>
              </dl>
              <div class="qr">
                {qr}
                扫码登录
              </div>
              <p class="address" data-testid="slip-address">
                {`登录地址：${portal}`}
              </p>
              <ol class="steps">
                {FIRST_STEPS.map((step) => (
                  <li>{step}</li>
                ))}
              </ol>
            </section>
          ))}
        </div>
      ))}
      {slips.length === 0 ? (
        <p class="empty" data-testid="slips-empty">
          目前没有待发放的初始密码。
        </p>
      ) : null}
      {cleared.length === 0 ? null : (
        <section class="cleared" data-testid="slips-cleared">
          <h2>以下教师没有账号条</h2>
          <ul>
            {cleared.map((account) => (
              <li>{`${account.name}（${account.teacherNumber}）：${CLEARED_NOTE}`}</li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

/** A page for the slips' own refusals (too many views, Google busy, tab not as laid out). */
export function SlipsMessage(props: { title: string; message: string }) {
  return (
    <Layout title={props.title}>
      <div class="intro">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
      </div>
    </Layout>
  );
}
