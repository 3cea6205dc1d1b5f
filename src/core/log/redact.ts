/**
 * Text bound for a log line, with anything shaped like personal data replaced. Error messages can
 * quote what Google echoed back (a cell value in an "Invalid value" error, say), and a log must
 * never carry an ID number or a phone number, whatever produced the message.
 *
 * Replaced, when standing alone (not inside a longer run of letters and digits, so spreadsheet
 * ids survive): resident ID numbers (18 characters, or the old 15 digits), mobile numbers
 * (11 digits starting 1), landlines with an area code (0730-1234567).
 */
const PERSONAL = [
  /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g,
  /(?<![\dA-Za-z])\d{15}(?![\dA-Za-z])/g,
  /(?<![\dA-Za-z])1\d{10}(?![\dA-Za-z])/g,
  /(?<![\dA-Za-z])0\d{2,3}-?\d{7,8}(?![\dA-Za-z])/g,
];

export const REDACTED = "［已隐去］";

export function redactPersonal(text: string): string {
  return PERSONAL.reduce((out, pattern) => out.replace(pattern, REDACTED), text);
}

/** The message of anything thrown, redacted, for a log line. */
export function loggableError(error: unknown): string {
  return redactPersonal(error instanceof Error ? error.message : String(error));
}

/**
 * A request path for a log line: the capability in an account-slips link (`/slips/<token>`)
 * opens a school's initial passwords, so it is replaced, whatever follows it.
 */
export function redactPath(text: string): string {
  return text.replace(/\/slips\/(?!slips\.css\b)[^\s?"#]+/g, `/slips/${REDACTED}`);
}
