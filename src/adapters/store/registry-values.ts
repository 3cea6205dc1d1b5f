/**
 * Record values as the registry stores them: never with a clear ID number.
 *
 * Guarantees:
 * - the `idNumber` column (every section's ID column has that key: templates/references.ts
 *   checks it) becomes a reference to the `persons` row holding the encrypted ID, so one row
 *   keeps each person's ID however many versions mention it;
 * - any other text that looks like an ID number (15 or 18 characters, in a remark, a list, or an
 *   ID value not in normalised form) is encrypted where it stands;
 * - restoring gives back exactly the values that were stored (`restoreValues ∘ protectValues`
 *   is the identity), so fingerprints of loaded values match the ones computed from the sheet.
 */

import { normaliseIdNumber } from "../../core/normalise/id-number";
import type { PersonKey, RecordValues } from "../../core/sync/model";
import type { Value } from "../../core/validate/index";
import { type IdCrypto, idReference } from "../crypto/index";

const ID_COLUMN = "idNumber";
/** A resident ID (18) or an old 15-digit one, anywhere in a text. */
const ID_LIKE = /\d{17}[\dXx]|\d{15}/;

type Sealed = { readonly $cipher: string; readonly number?: true };
type Reference = { readonly $person: PersonKey };
type StoredValue = string | number | Sealed | Reference | readonly (string | Sealed)[];

/** A `persons` row the stored values refer to; inserted (or found already there) with them. */
export interface PersonRow {
  readonly personKey: PersonKey;
  readonly idCipher: string;
  readonly idMasked: string;
}

export interface ProtectedValues {
  readonly json: string;
  readonly persons: readonly PersonRow[];
}

export async function protectValues(
  values: RecordValues,
  crypto: IdCrypto,
): Promise<ProtectedValues> {
  const persons: PersonRow[] = [];
  const stored: Record<string, StoredValue> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === ID_COLUMN && typeof value === "string" && value !== "" && isNormalised(value)) {
      const personKey = await crypto.personKey(value);
      persons.push({
        personKey,
        idCipher: await crypto.encrypt(value),
        idMasked: idReference(personKey),
      });
      stored[key] = { $person: personKey };
    } else if (key === ID_COLUMN && typeof value === "string" && value !== "") {
      stored[key] = await seal(value, crypto);
    } else {
      stored[key] = await protectOther(value, crypto);
    }
  }
  return { json: JSON.stringify(stored), persons };
}

function isNormalised(id: string): boolean {
  return normaliseIdNumber(id) === id;
}

async function seal(text: string, crypto: IdCrypto): Promise<Sealed> {
  return { $cipher: await crypto.encrypt(text) };
}

async function protectOther(value: Value, crypto: IdCrypto): Promise<StoredValue> {
  if (typeof value === "number")
    return ID_LIKE.test(String(value))
      ? { $cipher: await crypto.encrypt(String(value)), number: true }
      : value;
  if (typeof value === "string") return ID_LIKE.test(value) ? seal(value, crypto) : value;
  return Promise.all(value.map((item) => (ID_LIKE.test(item) ? seal(item, crypto) : item)));
}

/** The person keys a stored JSON refers to, so their ciphers can be fetched in one query. */
export function referencedPersons(json: string): PersonKey[] {
  const stored = JSON.parse(json) as Record<string, StoredValue>;
  return Object.values(stored).flatMap((value) => (isReference(value) ? [value.$person] : []));
}

/**
 * The values as they were before `protectValues`. `ids` holds each referenced person's
 * decrypted ID; a missing one means the registry lost a `persons` row, which must not pass.
 */
export async function restoreValues(
  json: string,
  ids: ReadonlyMap<PersonKey, string>,
  crypto: IdCrypto,
): Promise<RecordValues> {
  const stored = JSON.parse(json) as Record<string, StoredValue>;
  const values: Record<string, Value> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (isReference(value)) {
      const id = ids.get(value.$person);
      if (id === undefined) throw new Error("登记库缺少某条记录所引用的人员证件号密文");
      values[key] = id;
    } else if (isSealed(value)) {
      const text = await crypto.decrypt(value.$cipher);
      values[key] = value.number ? Number(text) : text;
    } else if (Array.isArray(value)) {
      values[key] = await Promise.all(
        value.map((item: string | Sealed) =>
          typeof item === "string" ? item : crypto.decrypt(item.$cipher),
        ),
      );
    } else {
      values[key] = value as string | number;
    }
  }
  return values;
}

function isReference(value: StoredValue): value is Reference {
  return typeof value === "object" && !Array.isArray(value) && "$person" in value;
}

function isSealed(value: StoredValue): value is Sealed {
  return typeof value === "object" && !Array.isArray(value) && "$cipher" in value;
}

/** A stored value as the portal may show it: anything encrypted stays hidden. */
export type ShownValue = Value | { readonly hidden: true };

/**
 * Stored values as a teacher may see them without decrypting anything: ID references and
 * ciphers (objects in the JSON) become `{ hidden: true }`.
 */
export function shownValues(json: string): Record<string, ShownValue> {
  const stored = JSON.parse(json) as Record<string, unknown>;
  const shown: Record<string, ShownValue> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (typeof value === "string" || typeof value === "number") shown[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === "string"))
      shown[key] = value as string[];
    else shown[key] = { hidden: true };
  }
  return shown;
}
