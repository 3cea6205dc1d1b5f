import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { decodeDoc, encodeDoc, type SpreadsheetDoc } from "../model/index";
import type { DataDir } from "./data-dir";

/**
 * Drive's view of the world: file metadata, sharing, the change feed, and the spreadsheet
 * documents themselves (opaque here; the model owns their shape).
 *
 * Guarantees:
 * - every successful mutation bumps the file's `version` by one and appends one change;
 *   content and metadata mutations also move `modifiedTime`, sharing does not (as in Drive);
 * - the in-memory state and the data directory agree after every public mutating call returns;
 * - a deleted file leaves a `removed` change visible to whoever could see the file.
 */

export const FOLDER_MIME = "application/vnd.google-apps.folder";
export const SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet";

export const Role = z.enum(["owner", "writer", "commenter", "reader"]);
export type Role = z.infer<typeof Role>;

const rank: Record<Role, number> = { reader: 1, commenter: 2, writer: 3, owner: 4 };

export function roleAtLeast(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && rank[role] >= rank[needed];
}

const PermissionRecord = z.object({
  id: z.string(),
  type: z.enum(["user", "anyone"]),
  role: Role.exclude(["owner"]),
  emailAddress: z.string().optional(),
});
export type PermissionRecord = z.infer<typeof PermissionRecord>;

const FileRecord = z.object({
  id: z.string(),
  name: z.string(),
  mimeType: z.string(),
  parents: z.array(z.string()),
  trashed: z.boolean(),
  owner: z.string(),
  createdTime: z.string(),
  modifiedTime: z.string(),
  version: z.number().int(),
  permissions: z.array(PermissionRecord),
  /** Drive's private key-value labels; tmis-sync marks its spreadsheets with them. */
  appProperties: z.record(z.string(), z.string()).default({}),
  /** False: only the owner may change sharing. Absent means Drive's default, true. */
  writersCanShare: z.boolean().optional(),
});
export type FileRecord = z.infer<typeof FileRecord>;

const ChangeRecord = z.object({
  id: z.number().int(),
  fileId: z.string(),
  time: z.string(),
  removed: z.boolean(),
  /** Who could see a removed file when it went; live files are checked against current sharing. */
  audience: z.array(z.string()).optional(),
});
export type ChangeRecord = z.infer<typeof ChangeRecord>;

const DriveState = z.object({
  format: z.literal(1),
  files: z.record(z.string(), FileRecord),
  changes: z.array(ChangeRecord),
  nextChangeId: z.number().int().positive(),
});
type DriveState = z.infer<typeof DriveState>;

const DRIVE_FILE = "drive.json";
/**
 * Drive state is a snapshot (drive.json) plus a journal of what happened since: one line per
 * change, holding the change and the file record as it became (none for a deletion). Appending
 * a line costs one change, where rewriting drive.json costs every file and the whole change feed.
 */
const JOURNAL_FILE = "drive-journal.jsonl";
/** Journal lines between snapshots; the journal is also folded into a snapshot on every start. */
const SNAPSHOT_EVERY = 500;
const JournalEntry = z.object({ change: ChangeRecord, file: FileRecord.optional() });
type JournalEntry = z.infer<typeof JournalEntry>;
const SHEETS_DIR = "spreadsheets";
/** Stands for "everyone signed in" in a removed change's audience. */
const ANYONE = "*";

export interface NewFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  owner: string;
  appProperties?: Record<string, string>;
}

export interface Revision {
  apply?: (file: FileRecord) => void;
  doc?: SpreadsheetDoc;
  touchesContent: boolean;
}

export class Store {
  private state: DriveState;
  private readonly docs = new Map<string, SpreadsheetDoc>();
  private journalLines = 0;

  constructor(
    private readonly dir: DataDir | undefined,
    private readonly clock: () => Date,
  ) {
    this.state = emptyState();
    if (dir) this.load(dir);
  }

  private load(dir: DataDir): void {
    const raw = dir.readJson(DRIVE_FILE);
    if (raw !== undefined) {
      const parsed = DriveState.safeParse(raw);
      if (!parsed.success) {
        const where = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
        throw new Error(
          `Expected ${dir.root}/${DRIVE_FILE} in emulator format 1; bad at: ${where}`,
        );
      }
      this.state = parsed.data;
    }
    // Until the first snapshot, the journal alone holds everything.
    this.replayJournal(dir);
    for (const file of Object.values(this.state.files)) {
      if (file.mimeType !== SPREADSHEET_MIME) continue;
      const doc = dir.readJson(`${SHEETS_DIR}/${file.id}.json`);
      if (doc === undefined) {
        throw new Error(
          `Spreadsheet ${file.id} is listed in ${DRIVE_FILE} but its file is missing`,
        );
      }
      this.docs.set(file.id, decodeDoc(doc));
    }
  }

  /**
   * Applies the journal over the snapshot and folds it in. A last line cut short is the change
   * whose request was in flight when the process died (it was never answered), so it is dropped;
   * lines already in the snapshot (a crash between snapshot and truncation) are skipped.
   */
  private replayJournal(dir: DataDir): void {
    const lines = dir.readLines(JOURNAL_FILE);
    lines.forEach((line, i) => {
      const entry = parseJournalLine(line, i === lines.length - 1);
      if (!entry) return;
      if (!JournalEntry.safeParse(entry).success) {
        throw new Error(`Expected ${dir.root}/${JOURNAL_FILE} line ${i + 1} to be a journal entry`);
      }
      if (entry.change.id < this.state.nextChangeId) return;
      if (entry.file) this.state.files[entry.file.id] = entry.file;
      else delete this.state.files[entry.change.fileId];
      this.state.changes.push(entry.change);
      this.state.nextChangeId = entry.change.id + 1;
    });
    if (lines.length > 0) this.snapshot();
  }

  /** Forgets every file and change, on disk too. */
  wipe(): void {
    this.state = emptyState();
    this.docs.clear();
    this.dir?.remove(SHEETS_DIR);
    this.snapshot();
  }

  file(id: string): FileRecord | undefined {
    return this.state.files[id];
  }

  files(): FileRecord[] {
    return Object.values(this.state.files);
  }

  doc(id: string): SpreadsheetDoc | undefined {
    return this.docs.get(id);
  }

  roleOf(file: FileRecord, email: string): Role | undefined {
    if (file.owner === email) return "owner";
    let best: Role | undefined;
    for (const p of file.permissions) {
      const applies = p.type === "anyone" || p.emailAddress === email;
      if (applies && !roleAtLeast(best, p.role)) best = p.role;
    }
    return best;
  }

  createFile(spec: NewFile, doc?: SpreadsheetDoc): FileRecord {
    const now = this.clock().toISOString();
    const file: FileRecord = {
      ...spec,
      appProperties: spec.appProperties ?? {},
      trashed: false,
      createdTime: now,
      modifiedTime: now,
      // The creation itself is the first revision: recordChange below makes this 1.
      version: 0,
      permissions: [],
    };
    this.state.files[spec.id] = file;
    if (doc) this.putDoc(spec.id, doc);
    this.recordChange(file, true);
    return file;
  }

  /**
   * Records one revision of a file: metadata edits in `apply`, and for spreadsheets optionally
   * new content. `touchesContent` is false for sharing changes, which leave modifiedTime alone.
   */
  revise(id: string, revision: Revision): FileRecord {
    const file = this.mustFile(id);
    if (revision.doc) this.putDoc(id, revision.doc);
    revision.apply?.(file);
    this.recordChange(file, revision.touchesContent);
    return file;
  }

  deleteFile(id: string): void {
    const file = this.mustFile(id);
    const audience = [file.owner];
    for (const p of file.permissions)
      audience.push(p.type === "anyone" ? ANYONE : (p.emailAddress ?? ""));
    delete this.state.files[id];
    this.docs.delete(id);
    this.dir?.remove(`${SHEETS_DIR}/${id}.json`);
    this.journal({
      change: {
        id: this.state.nextChangeId++,
        fileId: id,
        time: this.clock().toISOString(),
        removed: true,
        audience,
      },
    });
  }

  startPageToken(): number {
    return this.state.nextChangeId;
  }

  /** Changes from `fromId` on that `email` may see, oldest first. */
  changesSince(fromId: number, email: string): ChangeRecord[] {
    return this.state.changes.filter((c) => {
      if (c.id < fromId) return false;
      if (c.audience) return c.audience.includes(email) || c.audience.includes(ANYONE);
      const file = this.state.files[c.fileId];
      return file !== undefined && this.roleOf(file, email) !== undefined;
    });
  }

  private mustFile(id: string): FileRecord {
    const file = this.state.files[id];
    if (!file) throw new Error(`Store invariant broken: file ${id} vanished mid-request`);
    return file;
  }

  private putDoc(id: string, doc: SpreadsheetDoc): void {
    this.docs.set(id, doc);
    this.dir?.writeJson(`${SHEETS_DIR}/${id}.json`, encodeDoc(doc));
  }

  private recordChange(file: FileRecord, touchesContent: boolean): void {
    const now = this.clock().toISOString();
    if (touchesContent) file.modifiedTime = now;
    file.version += 1;
    this.journal({
      change: { id: this.state.nextChangeId++, fileId: file.id, time: now, removed: false },
      file,
    });
  }

  /** Records a change in memory and, before the request is answered, in the journal. */
  private journal(entry: JournalEntry): void {
    this.state.changes.push(entry.change);
    if (!this.dir) return;
    this.dir.appendLine(JOURNAL_FILE, JSON.stringify(entry));
    this.journalLines += 1;
    if (this.journalLines >= SNAPSHOT_EVERY) this.snapshot();
  }

  /** Writes drive.json whole (atomically), then empties the journal it now contains. */
  private snapshot(): void {
    if (!this.dir) return;
    this.dir.writeJson(DRIVE_FILE, this.state);
    this.dir.remove(JOURNAL_FILE);
    this.journalLines = 0;
  }
}

/** One journal line, or undefined for a torn last line; a bad line elsewhere is corruption. */
function parseJournalLine(line: string, last: boolean): JournalEntry | undefined {
  try {
    return JSON.parse(line) as JournalEntry;
  } catch (error) {
    if (last) return undefined;
    throw new Error(`The Drive journal holds an unreadable line before its end: ${String(error)}`);
  }
}

function emptyState(): DriveState {
  return { format: 1, files: {}, changes: [], nextChangeId: 1 };
}

/** Drive ids look like `1Bx…` (33 chars); spreadsheet ids are 44 chars. Shape only, no meaning. */
export function newFileId(mimeType: string): string {
  const length = mimeType === SPREADSHEET_MIME ? 44 : 33;
  return `1${randomBytes(48)
    .toString("base64url")
    .replace(/[-_]/g, "x")
    .slice(0, length - 1)}`;
}

/** The id of `email`'s "My Drive" folder, stable so `'root' in parents` means the same forever. */
export function rootFolderId(email: string): string {
  return `0A${createHash("sha256").update(email).digest("base64url").slice(0, 17)}Uk9PVA`;
}

export function userPermissionId(email: string): string {
  return BigInt(`0x${createHash("sha256").update(email).digest("hex").slice(0, 15)}`).toString();
}
