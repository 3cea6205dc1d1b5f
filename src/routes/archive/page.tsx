/** @jsxImportSource hono/jsx */
/**
 * The 电子档案 as a printable page: A4 portrait, Chinese, no script. Each part (one per section,
 * then the review history, business history and credits) starts on a new printed page with the
 * header (姓名, 教师编号, 学校, the ID line of the copy), so every sheet of paper says whose it
 * is. A school's archives print one teacher after another, each from a new page.
 */
import type {
  ArchiveCredits,
  ArchiveHistoryLine,
  ArchiveRequest,
  ArchiveSection,
  ArchiveView,
} from "../../core/archive/view";

export const ARCHIVE_CSS = `
@page { size: A4 portrait; margin: 15mm 14mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", serif;
  color: #000; background: #fff; font-size: 10.5pt; line-height: 1.45; }
.screen-note { margin: 12px auto; max-width: 182mm; padding: 8px 12px; background: #eef4fb;
  border: 1px solid #9bb8d8; font-family: "Noto Sans CJK SC", sans-serif; font-size: 10pt; }
.teacher { max-width: 182mm; margin: 0 auto; }
.part { padding: 6mm 0 4mm; }
.part + .part { border-top: 1px dashed #bbb; }
.running { display: flex; justify-content: space-between; gap: 8px; border-bottom: 1.5px solid #000;
  padding-bottom: 2mm; margin-bottom: 4mm; font-size: 9.5pt; }
.running strong { font-size: 11pt; }
h1 { font-size: 18pt; text-align: center; margin: 2mm 0 1mm; letter-spacing: 0.2em; }
.copy { text-align: center; font-size: 9.5pt; margin: 0 0 5mm; }
h2 { font-size: 13pt; margin: 0 0 3mm; padding-left: 2mm; border-left: 4px solid #000; }
table { width: 100%; border-collapse: collapse; margin: 0 0 4mm; }
th, td { border: 0.6pt solid #444; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
th { background: #f0f0f0; font-weight: normal; width: 34%; white-space: nowrap; }
table.list th { width: auto; }
.record-no { font-size: 9pt; color: #333; margin: 0 0 1mm; }
.empty { color: #555; font-style: italic; }
.facts th { width: 18%; }
.footer-note { font-size: 8.5pt; color: #333; margin-top: 4mm; }
@media print {
  .screen-note { display: none; }
  .part + .part { border-top: none; }
  .part { break-before: page; padding-top: 0; }
  .teacher:first-of-type .part:first-child { break-before: auto; }
  table, tr { break-inside: avoid; }
  th { background: #f0f0f0 !important; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

function Running(props: { view: ArchiveView }) {
  const { view } = props;
  return (
    <div class="running" data-testid="archive-header">
      <span>
        <strong data-testid="archive-name">{view.name}</strong>　教师编号{" "}
        <strong data-testid="archive-number">{view.teacherNumber}</strong>
      </span>
      <span>
        {view.idLabel}：<span data-testid="archive-id">{view.idText}</span>
      </span>
      <span>{view.schoolName}</span>
    </div>
  );
}

function Fields(props: { fields: readonly { label: string; text: string }[] }) {
  return (
    <table>
      <tbody>
        {props.fields.map((field) => (
          <tr>
            <th>{field.label}</th>
            <td>{field.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SectionPart(props: { view: ArchiveView; section: ArchiveSection; first: boolean }) {
  const { section } = props;
  return (
    <section class="part" data-testid={`archive-section-${section.key}`}>
      <Running view={props.view} />
      {props.first ? (
        <>
          <h1>教师电子档案</h1>
          <p class="copy">
            {props.view.copy === "county"
              ? "县级存档本：含完整身份证件号，仅供教师管理使用，注意保密"
              : "教师本人查阅本：不含身份证件号和完整电话号码"}
            <br />
            生成时间 {props.view.generatedAt}（北京时间）
          </p>
        </>
      ) : null}
      <h2>{section.title}</h2>
      {section.records.length === 0 ? (
        <p class="empty">无已生效的记录</p>
      ) : (
        section.records.map((fields, index) => (
          <>
            {section.records.length > 1 ? <p class="record-no">第 {index + 1} 条</p> : null}
            <Fields fields={fields} />
          </>
        ))
      )}
    </section>
  );
}

function ReviewPart(props: { view: ArchiveView; lines: readonly ArchiveHistoryLine[] }) {
  return (
    <section class="part" data-testid="archive-review">
      <Running view={props.view} />
      <h2>审核记录</h2>
      {props.lines.length === 0 ? (
        <p class="empty">无</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th>时间</th>
              <th>信息项</th>
              <th>步骤</th>
              <th>办理方</th>
              <th>说明</th>
            </tr>
          </thead>
          <tbody>
            {props.lines.map((line) => (
              <tr>
                <td>{line.at}</td>
                <td>{line.section}</td>
                <td>{line.step}</td>
                <td>{line.who}</td>
                <td>{line.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="footer-note">办理方只记表格保护能确定的角色（校长、人事股等），不记具体账号。</p>
    </section>
  );
}

function BusinessPart(props: { view: ArchiveView; requests: readonly ArchiveRequest[] }) {
  return (
    <section class="part" data-testid="archive-business">
      <Running view={props.view} />
      <h2>业务记录（调动、在职情况变动、交流轮岗）</h2>
      {props.requests.length === 0 ? (
        <p class="empty">无</p>
      ) : (
        props.requests.map((request) => (
          <table class="facts">
            <tbody>
              <tr>
                <th>申请编号</th>
                <td>
                  {request.id}　{request.kind}　{request.state}
                </td>
              </tr>
              <tr>
                <th>申请内容</th>
                <td>{request.facts.join("；")}</td>
              </tr>
              <tr>
                <th>办理过程</th>
                <td>
                  {request.steps.map((step) => (
                    <div>{step}</div>
                  ))}
                </td>
              </tr>
            </tbody>
          </table>
        ))
      )}
    </section>
  );
}

function CreditsPart(props: { view: ArchiveView; credits: ArchiveCredits | undefined }) {
  const { credits } = props;
  return (
    <section class="part" data-testid="archive-credits">
      <Running view={props.view} />
      <h2>培训学分</h2>
      {credits === undefined ? (
        <p class="empty">无</p>
      ) : (
        <Fields
          fields={[
            { label: "年度", text: String(credits.year) },
            {
              label: "本年度学分 / 应修",
              text: `${credits.yearCredits} / ${credits.yearRequired}`,
            },
            {
              label: "本周期学分 / 应修（至今）",
              text: `${credits.cycleCredits} / ${credits.cycleRequired}`,
            },
            { label: "待确认学分", text: String(credits.pending) },
            { label: "状态", text: credits.status },
          ]}
        />
      )}
      <p class="footer-note">学分来自已生效的「国内培训」记录（见该页），按县里的学分规则计算。</p>
    </section>
  );
}

export function TeacherArchive(props: { view: ArchiveView }) {
  const { view } = props;
  return (
    <article class="teacher" data-testid="archive-teacher">
      {view.sections.map((section, index) => (
        <SectionPart view={view} section={section} first={index === 0} />
      ))}
      <ReviewPart view={view} lines={view.review} />
      <BusinessPart view={view} requests={view.requests} />
      <CreditsPart view={view} credits={view.credits} />
    </article>
  );
}

/**
 * The whole page. `stylesheet`: a URL for pages under a content security policy that refuses
 * inline styles (the portal); without it the style is inline (the admin download is one file).
 */
export function ArchivePage(props: {
  title: string;
  views: readonly ArchiveView[];
  stylesheet?: string;
  note?: string;
}) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{props.title}</title>
        {props.stylesheet === undefined ? (
          <style dangerouslySetInnerHTML={{ __html: ARCHIVE_CSS }} />
        ) : (
          <link rel="stylesheet" href={props.stylesheet} />
        )}
      </head>
      <body>
        {props.note === undefined ? null : <div class="screen-note">{props.note}</div>}
        {props.views.map((view) => (
          <TeacherArchive view={view} />
        ))}
      </body>
    </html>
  );
}
