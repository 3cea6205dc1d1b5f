import { describe, expect, it } from "vitest";
import {
  appendValues,
  clearValues,
  renderSpreadsheet,
  updateValues,
} from "../../../scripts/emulator/model/index";
import { batch, editor, newDoc, OWNER, owner, read, stranger, write } from "./helpers";

const PROTECTED =
  "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.";

/** Row 1 (header) protected with `editor` as editor; B-column hole open to everyone. */
function protectedDoc(extra: Record<string, unknown> = {}) {
  return batch(newDoc(), [
    {
      addProtectedRange: {
        protectedRange: {
          range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2 },
          unprotectedRanges: [
            {
              sheetId: 0,
              startRowIndex: 1,
              endRowIndex: 2,
              startColumnIndex: 1,
              endColumnIndex: 2,
            },
          ],
          editors: { users: [editor.email] },
          description: "表头",
          ...extra,
        },
      },
    },
  ]);
}

const put = (doc: ReturnType<typeof newDoc>, range: string, actor = stranger) =>
  updateValues(doc, range, { values: [["x"]] }, { valueInputOption: "RAW" }, actor);

describe("protected ranges", () => {
  it("replies with the new range, listing owner, caller and editors", () => {
    const { response } = protectedDoc();
    expect(response).toMatchObject({
      replies: [
        {
          addProtectedRange: {
            protectedRange: {
              protectedRangeId: expect.any(Number),
              range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2 },
              description: "表头",
              editors: { users: [OWNER, editor.email] },
              requestingUserCanEdit: true,
            },
          },
        },
      ],
    });
  });
  it("returns 403 to a non-editor writing values into the range", () => {
    const { doc } = protectedDoc();
    expect(() => put(doc, "A1", stranger)).toThrow(
      expect.objectContaining({ code: 403, message: PROTECTED }),
    );
    expect(() => clearValues(doc, "A:A", stranger)).toThrow(PROTECTED);
    expect(() =>
      appendValues(
        doc,
        "A1",
        { values: [["x"]] },
        { valueInputOption: "RAW", insertDataOption: "OVERWRITE" },
        stranger,
      ),
    ).toThrow(PROTECTED);
  });
  it("lets editors (any case of their email) and the owner write", () => {
    const { doc } = protectedDoc();
    expect(read(put(doc, "A1", editor).doc, "A1")).toEqual([["x"]]);
    expect(read(put(doc, "A1", { email: "EDITOR@example.com", isOwner: false }).doc, "A1")).toEqual(
      [["x"]],
    );
    expect(read(put(doc, "A1", owner).doc, "A1")).toEqual([["x"]]);
  });
  it("lets anyone write in unprotected holes and outside the range", () => {
    const { doc } = protectedDoc();
    expect(read(put(doc, "B2").doc, "B2")).toEqual([["x"]]);
    expect(read(put(doc, "A3").doc, "A3")).toEqual([["x"]]);
    expect(() =>
      updateValues(doc, "A2", { values: [["x", "y"]] }, { valueInputOption: "RAW" }, stranger),
    ).toThrow(PROTECTED);
  });
  it("does not block for warning-only ranges", () => {
    const { doc } = protectedDoc({ warningOnly: true, editors: undefined });
    expect(read(put(doc, "A1").doc, "A1")).toEqual([["x"]]);
  });
  it("blocks cell-changing and structural batchUpdate requests", () => {
    const { doc } = protectedDoc();
    const requests = [
      {
        repeatCell: {
          range: { sheetId: 0, endRowIndex: 1, endColumnIndex: 1 },
          cell: { note: "n" },
          fields: "note",
        },
      },
      {
        updateCells: { start: { sheetId: 0 }, rows: [{ values: [{ note: "n" }] }], fields: "note" },
      },
      { setDataValidation: { range: { sheetId: 0, endRowIndex: 1, endColumnIndex: 1 } } },
      {
        sortRange: {
          range: { sheetId: 0, endRowIndex: 5, endColumnIndex: 1 },
          sortSpecs: [{ dimensionIndex: 0 }],
        },
      },
      { deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 1 } } },
      { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 2 } } },
      {
        moveDimension: {
          source: { sheetId: 0, dimension: "ROWS", startIndex: 5, endIndex: 6 },
          destinationIndex: 0,
        },
      },
      { deleteSheet: { sheetId: 0 } },
    ];
    const withSecondTab = batch(doc, [{ addSheet: {} }]).doc;
    for (const request of requests) {
      expect(() => batch(withSecondTab, [request], stranger), JSON.stringify(request)).toThrow(
        PROTECTED,
      );
      expect(() => batch(withSecondTab, [request], editor), JSON.stringify(request)).not.toThrow();
    }
    // Inserting at the range's edge only moves it, which anyone may do.
    expect(() =>
      batch(
        doc,
        [
          {
            insertDimension: {
              range: { sheetId: 0, dimension: "ROWS", startIndex: 2, endIndex: 3 },
            },
          },
        ],
        stranger,
      ),
    ).not.toThrow();
  });
  it("reports requestingUserCanEdit per caller", () => {
    const { doc } = protectedDoc();
    const canEdit = (actor?: typeof owner) =>
      (
        renderSpreadsheet(doc, { actor }) as {
          sheets: { protectedRanges: { requestingUserCanEdit: boolean; editors?: unknown }[] }[];
        }
      ).sheets[0]?.protectedRanges[0];
    expect(canEdit(owner)?.requestingUserCanEdit).toBe(true);
    expect(canEdit(editor)?.requestingUserCanEdit).toBe(true);
    expect(canEdit(stranger)).toMatchObject({ requestingUserCanEdit: false });
    expect(canEdit(stranger)?.editors).toBeUndefined();
  });
  it("only owner or editors may update or delete a protection", () => {
    const { doc, response } = protectedDoc();
    const id = (
      response as {
        replies: { addProtectedRange: { protectedRange: { protectedRangeId: number } } }[];
      }
    ).replies[0]?.addProtectedRange.protectedRange.protectedRangeId;
    const grant = {
      updateProtectedRange: {
        protectedRange: { protectedRangeId: id, editors: { users: [stranger.email] } },
        fields: "editors",
      },
    };
    expect(() => batch(doc, [grant], stranger)).toThrow(PROTECTED);
    const granted = batch(doc, [grant], editor).doc;
    expect(granted.sheets[0]?.protectedRanges[0]?.editors.users).toEqual([
      OWNER,
      editor.email,
      stranger.email,
    ]);
    expect(read(put(granted, "A1", stranger).doc, "A1")).toEqual([["x"]]);
    expect(() =>
      batch(doc, [{ deleteProtectedRange: { protectedRangeId: id } }], stranger),
    ).toThrow(PROTECTED);
    const removed = batch(doc, [{ deleteProtectedRange: { protectedRangeId: id } }], owner).doc;
    expect(removed.sheets[0]?.protectedRanges).toEqual([]);
    expect(() => batch(doc, [{ deleteProtectedRange: { protectedRangeId: 1 } }])).toThrow(
      "No protected range with id: 1",
    );
  });
  it("whole-sheet protection blocks everything for strangers", () => {
    const { doc } = batch(newDoc(), [
      { addProtectedRange: { protectedRange: { range: { sheetId: 0 } } } },
    ]);
    expect(() => put(doc, "Z999")).toThrow(PROTECTED);
    expect(() =>
      batch(doc, [{ addProtectedRange: { protectedRange: { range: { sheetId: 0 } } } }], stranger),
    ).toThrow(PROTECTED);
  });
  it("a non-owner protecting free cells becomes an editor of them", () => {
    const { doc } = batch(
      newDoc(),
      [{ addProtectedRange: { protectedRange: { range: { sheetId: 0, endRowIndex: 1 } } } }],
      editor,
    );
    expect(doc.sheets[0]?.protectedRanges[0]?.editors.users).toEqual([OWNER, editor.email]);
    expect(() => put(doc, "A1", stranger)).toThrow(PROTECTED);
    expect(write(doc, "A1", [["ok"]], "RAW", editor)).toBeTruthy();
  });
});
