import { invalidArgument, notFound, permissionDenied, unimplemented } from "../errors";
import { applyFieldMask, parseFieldMask } from "../http/field-mask";
import {
  type ApiCall,
  type ApiRoute,
  booleanParam,
  type HttpMethod,
  ok,
  type Reply,
} from "../http/router";
import {
  type Actor,
  appendValues,
  applyBatchUpdate,
  batchClearValues,
  batchGetValues,
  batchGetValuesByDataFilter,
  batchUpdateValues,
  clearValues,
  createSpreadsheet,
  getValues,
  type Mutation,
  renderSpreadsheet,
  type SpreadsheetDoc,
  updateValues,
  type ValueReadOptions,
  type ValueWriteOptions,
} from "../model/index";
import {
  type FileRecord,
  newFileId,
  roleAtLeast,
  rootFolderId,
  SPREADSHEET_MIME,
  type Store,
} from "../store/store";
import {
  BatchClearBody,
  BatchGetByDataFilterBody,
  BatchUpdateBody,
  BatchUpdateValuesBody,
  parseSheetsBody,
  ValueRange,
} from "./bodies";

/**
 * Sheets v4, on top of the spreadsheet model. This layer only resolves who may do what and
 * turns query parameters into model options; every successful write is one Drive revision.
 *
 * Access follows Sheets, not Drive: an unknown id is 404, but a spreadsheet the caller may not
 * open is 403 "The caller does not have permission" (Drive would pretend it does not exist).
 */

const READ_PARAMS = ["majorDimension", "valueRenderOption", "dateTimeRenderOption"] as const;
const WRITE_PARAMS = [
  "valueInputOption",
  "includeValuesInResponse",
  "responseValueRenderOption",
  "responseDateTimeRenderOption",
] as const;

const ID = "([^/:]+)";

export function sheetsRoutes(store: Store): ApiRoute[] {
  const route = (
    name: string,
    access: ApiRoute["access"],
    method: HttpMethod,
    path: string,
    query: readonly string[],
    handle: (call: ApiCall) => Reply,
  ): ApiRoute => ({
    name: `sheets.spreadsheets.${name}`,
    family: "sheets",
    access,
    method,
    // google-spreadsheet 5 asks for `GET /v4/spreadsheets/{id}/`; Google serves a trailing slash.
    pattern: new RegExp(`^/v4/spreadsheets${path}/?$`),
    query,
    handle: (call) => withFieldMask(handle(call), call.query.get("fields")),
  });

  const open = (call: ApiCall, access: "read" | "write") => {
    const id = call.params[0] ?? "";
    const file = store.file(id);
    const doc = store.doc(id);
    if (!file || !doc) throw notFound("Requested entity was not found.");
    const role = store.roleOf(file, call.caller.email);
    if (!roleAtLeast(role, access === "read" ? "reader" : "writer")) {
      throw permissionDenied("The caller does not have permission");
    }
    const actor: Actor = { email: call.caller.email, isOwner: role === "owner" };
    return { file, doc, actor };
  };

  const write = (
    call: ApiCall,
    mutate: (doc: SpreadsheetDoc, actor: Actor) => Mutation<object>,
  ) => {
    const { file, doc, actor } = open(call, "write");
    const { doc: next, response } = mutate(doc, actor);
    const title = titleOf(next);
    store.revise(file.id, {
      doc: next,
      apply: (f) => {
        f.name = title;
      },
      touchesContent: true,
    });
    return ok(response);
  };

  const range = (call: ApiCall) => call.params[1] ?? "";
  const valueRange = (call: ApiCall) => parseSheetsBody(ValueRange, call.body);

  const notImplemented = (name: string, method: HttpMethod, path: string) =>
    route(name, "read", method, path, [], () => {
      throw unimplemented(`sheets.spreadsheets.${name} is not implemented by the emulator`);
    });

  return [
    route("create", "write", "POST", "", [], (call) => {
      const id = newFileId(SPREADSHEET_MIME);
      const doc = createSpreadsheet(id, call.body ?? {}, call.caller.email);
      const file = createSpreadsheetFile(store, id, doc, call.caller.email, []);
      return ok(renderSpreadsheet(doc, { actor: ownerActor(file) }));
    }),
    route("get", "read", "GET", `/${ID}`, ["ranges", "includeGridData"], (call) => {
      const { doc, actor } = open(call, "read");
      const ranges = call.query.getAll("ranges");
      const includeGridData = booleanParam(call.query, "includeGridData") ?? false;
      return ok(
        renderSpreadsheet(doc, { ...(ranges.length ? { ranges } : {}), includeGridData, actor }),
      );
    }),
    route("batchUpdate", "write", "POST", `/${ID}:batchUpdate`, [], (call) =>
      write(call, (doc, actor) =>
        applyBatchUpdate(doc, parseSheetsBody(BatchUpdateBody, call.body), actor),
      ),
    ),
    route("values.get", "read", "GET", `/${ID}/values/([^/]+)`, READ_PARAMS, (call) => {
      const { doc } = open(call, "read");
      return ok(getValues(doc, range(call), readOptions(call.query)));
    }),
    route(
      "values.batchGet",
      "read",
      "GET",
      `/${ID}/values:batchGet`,
      ["ranges", ...READ_PARAMS],
      (call) => {
        const { doc } = open(call, "read");
        return ok(batchGetValues(doc, call.query.getAll("ranges"), readOptions(call.query)));
      },
    ),
    route("values.update", "write", "PUT", `/${ID}/values/([^/]+)`, WRITE_PARAMS, (call) =>
      write(call, (doc, actor) =>
        updateValues(doc, range(call), valueRange(call), writeOptions(call.query), actor),
      ),
    ),
    route(
      "values.append",
      "write",
      "POST",
      `/${ID}/values/(.+):append`,
      [...WRITE_PARAMS, "insertDataOption"],
      (call) => {
        const insertDataOption = enumParam(call.query, "insertDataOption", [
          "OVERWRITE",
          "INSERT_ROWS",
        ]);
        const options = {
          ...writeOptions(call.query),
          ...(insertDataOption ? { insertDataOption } : {}),
        };
        return write(call, (doc, actor) =>
          appendValues(doc, range(call), valueRange(call), options, actor),
        );
      },
    ),
    route("values.batchUpdate", "write", "POST", `/${ID}/values:batchUpdate`, [], (call) =>
      write(call, (doc, actor) =>
        batchUpdateValues(doc, parseSheetsBody(BatchUpdateValuesBody, call.body), actor),
      ),
    ),
    route("values.clear", "write", "POST", `/${ID}/values/(.+):clear`, [], (call) =>
      write(call, (doc, actor) => clearValues(doc, range(call), actor)),
    ),
    route("values.batchClear", "write", "POST", `/${ID}/values:batchClear`, [], (call) =>
      write(call, (doc, actor) =>
        batchClearValues(doc, parseSheetsBody(BatchClearBody, call.body).ranges ?? [], actor),
      ),
    ),
    notImplemented("getByDataFilter", "POST", `/${ID}:getByDataFilter`),
    notImplemented("developerMetadata.get", "GET", `/${ID}/developerMetadata/([^/:]+)`),
    notImplemented("developerMetadata.search", "POST", `/${ID}/developerMetadata:search`),
    notImplemented("sheets.copyTo", "POST", `/${ID}/sheets/([^/:]+):copyTo`),
    route(
      "values.batchGetByDataFilter",
      "read",
      "POST",
      `/${ID}/values:batchGetByDataFilter`,
      [],
      (call) => {
        const { doc } = open(call, "read");
        const { dataFilters, ...options } = parseSheetsBody(BatchGetByDataFilterBody, call.body);
        return ok(batchGetValuesByDataFilter(doc, dataFilters, options));
      },
    ),
    notImplemented(
      "values.batchUpdateByDataFilter",
      "POST",
      `/${ID}/values:batchUpdateByDataFilter`,
    ),
    notImplemented("values.batchClearByDataFilter", "POST", `/${ID}/values:batchClearByDataFilter`),
  ];
}

/** Registers a new spreadsheet with Drive; shared with Drive's files.create. */
export function createSpreadsheetFile(
  store: Store,
  id: string,
  doc: SpreadsheetDoc,
  owner: string,
  parents: string[],
  appProperties: Record<string, string> = {},
): FileRecord {
  return store.createFile(
    {
      id,
      name: titleOf(doc),
      mimeType: SPREADSHEET_MIME,
      parents: parents.length ? parents : [rootFolderId(owner)],
      owner,
      appProperties,
    },
    doc,
  );
}

/**
 * Sheets applies `fields` leniently: its resources omit empty fields, so a mask naming something
 * absent selects nothing rather than failing.
 */
function withFieldMask(reply: Reply, fields: string | null): Reply {
  if (fields === null || reply.body === undefined) return reply;
  return { ...reply, body: applyFieldMask(reply.body, parseFieldMask(fields)) };
}

export function ownerActor(file: FileRecord): Actor {
  return { email: file.owner, isOwner: true };
}

/** Read from the document, not its rendering: rendering every tab on each write was the cost. */
export function titleOf(doc: SpreadsheetDoc): string {
  return doc.properties.title;
}

function readOptions(query: URLSearchParams): ValueReadOptions {
  const majorDimension = enumParam(query, "majorDimension", ["ROWS", "COLUMNS"]);
  const valueRenderOption = enumParam(query, "valueRenderOption", [
    "FORMATTED_VALUE",
    "UNFORMATTED_VALUE",
    "FORMULA",
  ]);
  const dateTimeRenderOption = enumParam(query, "dateTimeRenderOption", [
    "SERIAL_NUMBER",
    "FORMATTED_STRING",
  ]);
  return {
    ...(majorDimension ? { majorDimension } : {}),
    ...(valueRenderOption ? { valueRenderOption } : {}),
    ...(dateTimeRenderOption ? { dateTimeRenderOption } : {}),
  };
}

function writeOptions(query: URLSearchParams): ValueWriteOptions {
  const valueInputOption = enumParam(query, "valueInputOption", ["RAW", "USER_ENTERED"]);
  if (!valueInputOption) throw invalidArgument("'valueInputOption' is required but not specified");
  const includeValuesInResponse = booleanParam(query, "includeValuesInResponse");
  const responseValueRenderOption = enumParam(query, "responseValueRenderOption", [
    "FORMATTED_VALUE",
    "UNFORMATTED_VALUE",
    "FORMULA",
  ]);
  const responseDateTimeRenderOption = enumParam(query, "responseDateTimeRenderOption", [
    "SERIAL_NUMBER",
    "FORMATTED_STRING",
  ]);
  return {
    valueInputOption,
    ...(includeValuesInResponse !== undefined ? { includeValuesInResponse } : {}),
    ...(responseValueRenderOption ? { responseValueRenderOption } : {}),
    ...(responseDateTimeRenderOption ? { responseDateTimeRenderOption } : {}),
  };
}

function enumParam<const T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalidArgument(
    `Invalid value at '${snakeCase(name)}', "${value}"; expected one of ${allowed.join(", ")}`,
  );
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
