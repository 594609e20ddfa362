/**
 * Control characters (C0, DEL, C1, and the Unicode line and paragraph separators): what no id,
 * path or line of text shown to a person may carry raw. One set for every layer.
 */
// eslint-disable-next-line no-control-regex
const ONE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/** Each run of control characters, for `replace` (one space for a run, typically). */
export const CONTROL_RUNS = new RegExp(`${ONE.source}+`, 'g')

export function hasControl(text: string): boolean {
  return ONE.test(text)
}
