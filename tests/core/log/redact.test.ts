import { describe, expect, it } from "vitest";
import { REDACTED, redactPath, redactPersonal } from "../../../src/core/log/redact";

describe("redactPersonal", () => {
  it("hides ID numbers, mobiles and landlines that Google may quote back", () => {
    const upstream =
      "sheets.values.batchUpdate：HTTP 400 INVALID_ARGUMENT Invalid value at 'data[0].values' " +
      '("43062319811215106X"), ("430623811215106"), ("13812345678"), ("0730-4821234")';
    const logged = redactPersonal(upstream);
    for (const personal of ["43062319811215106X", "430623811215106", "13812345678", "4821234"])
      expect(logged).not.toContain(personal);
    expect(logged.split(REDACTED)).toHaveLength(5);
  });

  it("keeps ids that are not personal: spreadsheet ids, school codes, HTTP statuses", () => {
    const text = "学校 4306230077 的表格 1AbC43062319811215106Xz：HTTP 503";
    expect(redactPersonal(text)).toBe(text);
  });
});

describe("redactPath", () => {
  it("cuts the token out of an account-slips path, as wrangler and the error log print it", () => {
    const token = "k3J9_x-2QmZpL7vT0aBcDe";
    for (const line of [
      `/slips/${token}`,
      `[wrangler:info] GET /slips/${token}?teacher=430623000001 200 OK (35ms)`,
      `{"event":"request_failed","path":"/slips/${token}"}`,
    ]) {
      const out = redactPath(line);
      expect(out).not.toContain(token);
      expect(out).toContain(`/slips/${REDACTED}`);
    }
  });

  it("leaves the stylesheet and other paths alone", () => {
    expect(redactPath("GET /slips/slips.css 200 OK")).toBe("GET /slips/slips.css 200 OK");
    expect(redactPath("GET /portal/me 200 OK")).toBe("GET /portal/me 200 OK");
  });
});
