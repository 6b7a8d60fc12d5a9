import { DESCRIBE_TABWRITER, tabify } from '../printers/tabwriter.ts'

/**
 * describe's PrefixWriter: text at indentation levels of two spaces, aligned at the end by Go's
 * tabwriter (padding 2) — so `Name:\tx` lines in one block share a column.
 */
export class PrefixWriter {
  private buf = ''

  constructor(private readonly indent = 0) {}

  write(level: number, text: string): void {
    this.buf += '  '.repeat(level + this.indent) + text
  }

  /** WriteLine: the rest of the current line. */
  line(text: string): void {
    this.buf += text + '\n'
  }

  text(): string {
    return this.buf
  }
}

/** tabbedString: runs `f` against a fresh writer and aligns the result. */
export function tabbed(f: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter()
  f(w)
  return tabify(w.text(), DESCRIBE_TABWRITER)
}
