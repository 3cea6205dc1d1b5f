/**
 * Problems are data: every check returns an issue code plus parameters and never a message.
 * The validation engine turns codes into Chinese text from one map, so the wording lives in
 * one reviewable file and this library stays language-free.
 */

export const ISSUE_CODES = [
  "value.empty",
  "value.unsupported_type",
  "value.number_precision",
  "date.unparseable",
  "date.incomplete",
  "date.ambiguous",
  "date.invalid",
  "date.future",
  "date.before_1900",
  "year.unparseable",
  "academic_year.unparseable",
  "academic_year.not_consecutive",
  "code.unknown",
  "code.conflict",
  "yes_no.unknown",
  "id.length",
  "id.characters",
  "id.province",
  "id.birth_date",
  "id.birth_date_future",
  "id.birth_date_before_1900",
  "id.check_digit",
  "id.other_length",
  "phone.mobile_invalid",
  "phone.not_mobile",
  "phone.fixed_line_invalid",
  "phone.area_code_missing",
  "phone.not_fixed_line",
  "email.invalid",
  "postcode.invalid",
  "qualification.length",
  "qualification.characters",
  "qualification.year",
  "qualification.type_invalid",
  "qualification.type_mismatch",
  "number.invalid",
  "number.not_integer",
  "number.below_min",
  "number.not_above_min",
  "number.above_max",
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

export type IssueParams = Readonly<Record<string, string | number>>;

export interface Issue {
  readonly code: IssueCode;
  readonly params?: IssueParams;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issue: Issue };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: IssueCode, params?: IssueParams): Result<T> {
  return params === undefined
    ? { ok: false, issue: { code } }
    : { ok: false, issue: { code, params } };
}

/**
 * English meaning of each code and the params it carries, for whoever writes the Chinese map.
 * `value` params are the offending text, shortened to 40 characters.
 */
export const ISSUE_DESCRIPTIONS: Readonly<Record<IssueCode, string>> = {
  "value.empty": "The cell is blank (the caller decides whether blank is allowed).",
  "value.unsupported_type": "Not a string, number, boolean or Date (cannot come from a sheet).",
  "value.number_precision":
    "A long number was stored as a number and lost digits; the cell must be plain text.",
  "date.unparseable": "Not a recognised date / year-month form. {value}",
  "date.incomplete": "Year-month lacks the month, or date lacks the day. {value}",
  "date.ambiguous":
    "A number like 2017.1 could be January or October (a sheet dropped the trailing 0). {value}",
  "date.invalid": "No such calendar date or month, e.g. 2017-02-30 or 2017-13. {value}",
  "date.future": "Date, year-month or year is after today. {value, today}",
  "date.before_1900": "Date, year-month or year is before 1900. {value}",
  "year.unparseable": "Not a four-digit year. {value}",
  "academic_year.unparseable": "Not an academic year like 2016-2017. {value}",
  "academic_year.not_consecutive":
    "The second year of an academic year must be the first plus one. {expected}",
  "code.unknown": "Not a code, name or alias of the code table. {value}",
  "code.conflict":
    "`code-name` form where the code and the name belong to different entries. {code, name}",
  "yes_no.unknown": "Not a yes/no value (是/否, 1/0, TRUE/FALSE, Y/N). {value}",
  "id.length": "A resident ID number must have 18 characters. {length}",
  "id.characters": "Resident ID: 17 digits then a digit or X; other IDs: no control characters.",
  "id.province": "The first two digits are not a known province code. {prefix}",
  "id.birth_date": "Digits 7-14 are not a real calendar date. {birthDate}",
  "id.birth_date_future": "The birth date in the ID number is after today. {birthDate}",
  "id.birth_date_before_1900": "The birth date in the ID number is before 1900. {birthDate}",
  "id.check_digit": "The GB 11643 check digit is wrong. {expected, actual}",
  "id.other_length": "A non-resident-ID number must have 1-30 characters. {length, max}",
  "phone.mobile_invalid": "Not a valid mainland China mobile number. {value}",
  "phone.not_mobile": "A valid fixed-line number where a mobile number is required. {value}",
  "phone.fixed_line_invalid": "Not a valid mainland China fixed-line number. {value}",
  "phone.area_code_missing": "A 7-8 digit local number without its area code (e.g. 0730-). {value}",
  "phone.not_fixed_line": "A mobile or other number where a fixed line is required. {value}",
  "email.invalid": "Not a valid e-mail address. {value}",
  "postcode.invalid": "A postcode is exactly 6 digits. {value}",
  "qualification.length":
    "A teacher-qualification certificate number has 17 digits (15 for 1996-2000). {length}",
  "qualification.characters": "A teacher-qualification certificate number has digits only.",
  "qualification.year":
    "17 digits: the year (digits 1-4) is before 1990 or after today; 15 digits: the year (digits 1-2) is not 96-00. {year, length}",
  "qualification.type_invalid":
    "The type digit (10th of 17, 9th of 15) is not 1-7. {actual, position}",
  "qualification.type_mismatch":
    "The type digit (10th of 17, 9th of 15) differs from the 教师资格证种类 column. {expected, actual, position}",
  "number.invalid": "Not a number. {value}",
  "number.not_integer": "A whole number is required. {value}",
  "number.below_min": "Less than the minimum. {min}",
  "number.not_above_min": "Must be greater than the (exclusive) minimum. {min}",
  "number.above_max": "More than the maximum. {max}",
};

/** Offending text for params, short enough to quote in a message. */
export function excerpt(text: string): string {
  const chars = Array.from(text.slice(0, 200));
  return chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : chars.join("");
}
