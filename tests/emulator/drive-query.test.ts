import { describe, expect, it } from "vitest";
import {
  type Candidate,
  matches,
  parseQuery,
  parseRfc3339,
} from "../../scripts/emulator/drive/query";
import { ApiError } from "../../scripts/emulator/errors";

const sheet: Candidate = {
  name: "华容县第一中学 教师信息",
  mimeType: "application/vnd.google-apps.spreadsheet",
  modifiedTime: Date.parse("2024-03-01T08:00:00Z"),
  createdTime: Date.parse("2024-01-01T00:00:00Z"),
  trashed: false,
  parents: ["folder1"],
  owners: ["owner@school.cn"],
  appProperties: { tmisKind: "school", schoolCode: "4306230001" },
  writers: ["editor@school.cn"],
  readers: ["editor@school.cn", "reader@school.cn"],
};

const run = (q: string, c: Candidate = sheet) => matches(parseQuery(q), c);

describe("Drive q", () => {
  it("matches appProperties has { key and value }", () => {
    expect(run("appProperties has { key='schoolCode' and value='4306230001' }")).toBe(true);
    expect(run("appProperties has { key='schoolCode' and value='4306230002' }")).toBe(false);
    expect(run("appProperties has { key='missing' and value='x' } or trashed = false")).toBe(true);
    expect(() => parseQuery("appProperties has { key='a' }")).toThrow(ApiError);
    expect(() => parseQuery("appProperties has { value='a' and key='b' }")).toThrow(ApiError);
  });

  it("compares mimeType, trashed and parents", () => {
    expect(run("mimeType = 'application/vnd.google-apps.spreadsheet' and trashed = false")).toBe(
      true,
    );
    expect(run("mimeType != 'application/vnd.google-apps.spreadsheet'")).toBe(false);
    expect(run("'folder1' in parents")).toBe(true);
    expect(run("'folder2' in parents")).toBe(false);
    expect(run("trashed = true")).toBe(false);
    expect(run("trashed != true")).toBe(true);
  });

  it("compares times as instants, treating a time without offset as UTC", () => {
    expect(run("modifiedTime > '2024-03-01T07:59:59Z'")).toBe(true);
    expect(run("modifiedTime > '2024-03-01T08:00:00Z'")).toBe(false);
    expect(run("modifiedTime >= '2024-03-01T08:00:00'")).toBe(true);
    expect(run("modifiedTime > '2024-03-01T15:59:00+08:00'")).toBe(true);
    expect(run("createdTime < '2024-01-02'")).toBe(true);
    expect(parseRfc3339("2024-03-01T08:00:00")).toBe(Date.parse("2024-03-01T08:00:00Z"));
    expect(parseRfc3339("yesterday")).toBeNaN();
  });

  it("matches names exactly, by word prefix, and CJK text anywhere", () => {
    expect(run("name = '华容县第一中学 教师信息'")).toBe(true);
    expect(run("name contains '教师'")).toBe(true);
    expect(run("name contains '第一中学'")).toBe(true);
    const english = { ...sheet, name: "HelloWorld county report" };
    expect(run("name contains 'hello'", english)).toBe(true);
    expect(run("name contains 'World'", english)).toBe(false);
    expect(run("name contains 'rep'", english)).toBe(true);
    expect(run("name = 'it\\'s'", { ...sheet, name: "it's" })).toBe(true);
  });

  it("honours and/or/not precedence and parentheses", () => {
    expect(run("trashed = true or name contains '教师' and 'folder1' in parents")).toBe(true);
    expect(run("(trashed = true or name contains '教师') and 'nope' in parents")).toBe(false);
    expect(run("not trashed = true")).toBe(true);
    expect(run("'owner@school.cn' in owners and 'reader@school.cn' in readers")).toBe(true);
    expect(run("'reader@school.cn' in writers")).toBe(false);
  });

  it("refuses malformed queries with 400 and unsupported fields with 501", () => {
    const status = (q: string) => {
      try {
        parseQuery(q);
      } catch (error) {
        return (error as ApiError).code;
      }
      return 200;
    };
    expect(status("name = ")).toBe(400);
    expect(status("name > 'x'")).toBe(400);
    expect(status("modifiedTime > 'last week'")).toBe(400);
    expect(status("colour = 'red'")).toBe(400);
    expect(status("(trashed = false")).toBe(400);
    expect(status("name = 'unterminated")).toBe(400);
    expect(status("trashed = false trashed = true")).toBe(400);
    expect(status("name = 'it''s'")).toBe(400);
    expect(status("fullText contains 'x'")).toBe(501);
    expect(() => parseQuery("starred = true")).toThrow(ApiError);
  });
});
