/**
 * Go's text/tabwriter cell-block algorithm, with the RememberWidths extension of
 * github.com/liggitt/tabwriter that kubectl uses for `get` (and `get -w`, where widths only grow).
 *
 * Text is cut into cells at '\t'; the text after the last tab of a line is not part of any column.
 * A column block is a run of consecutive lines that all have a cell in that column, so a line with
 * fewer cells ends the block and the next block gets its own width. Widths count runes, as Go does.
 */

export interface TabWriterOptions {
  minwidth: number
  padding: number
  /** liggitt/tabwriter RememberWidths: column widths persist across flushes and only grow. */
  rememberWidths?: boolean
}

/** The constants of cli-runtime's GetNewTabWriter: minwidth 6, tabwidth 4, padding 3, RememberWidths. */
export const KUBECTL_TABWRITER: TabWriterOptions = { minwidth: 6, padding: 3, rememberWidths: true }

/** The constants of describe's tabbedString: minwidth 0, tabwidth 8, padding 2. */
export const DESCRIBE_TABWRITER: TabWriterOptions = { minwidth: 0, padding: 2 }

interface Cell {
  text: string
  width: number
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/

function runeCount(s: string): number {
  if (!NON_ASCII.test(s)) return s.length
  let n = 0
  for (const _ of s) n++
  return n
}

export class TabWriter {
  private lines: Cell[][] = [[]]
  private cell = ''
  private widths: number[] = []
  private maxwidths: number[] = []
  private out: string[] = []

  constructor(private readonly opts: TabWriterOptions) {}

  /** Column widths remembered so far (for a watch that recreates its writer). */
  rememberedWidths(): number[] {
    return [...this.maxwidths]
  }

  setRememberedWidths(widths: number[]): void {
    this.maxwidths = [...widths]
  }

  write(text: string): void {
    let start = 0
    while (start < text.length) {
      const nl = text.indexOf('\n', start)
      const end = nl < 0 ? text.length : nl
      // cut the line segment into cells at tabs
      let cellStart = start
      for (
        let tab = text.indexOf('\t', cellStart);
        tab >= 0 && tab < end;
        tab = text.indexOf('\t', cellStart)
      ) {
        this.cell += text.slice(cellStart, tab)
        this.terminateCell()
        cellStart = tab + 1
      }
      this.cell += text.slice(cellStart, end)
      if (nl < 0) break
      const ncells = this.terminateCell()
      this.lines.push([])
      // A line with a single cell cannot affect later lines: Go flushes here.
      if (ncells === 1) this.flushLines()
      start = nl + 1
    }
  }

  /** Formats everything buffered and returns the text written since the last call. */
  flush(): string {
    if (this.cell.length > 0) this.terminateCell()
    this.flushLines()
    const s = this.out.join('')
    this.out = []
    return s
  }

  private terminateCell(): number {
    const line = this.lines[this.lines.length - 1]
    line.push({ text: this.cell, width: runeCount(this.cell) })
    this.cell = ''
    return line.length
  }

  private flushLines(): void {
    this.format(0, this.lines.length)
    this.lines = [[]]
    this.widths = []
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length
    for (let i = line0; i < line1; i++) {
      if (column >= this.lines[i].length - 1) continue
      this.writeLines(line0, i)
      line0 = i
      let width = this.opts.minwidth
      for (; i < line1; i++) {
        const line = this.lines[i]
        if (column >= line.length - 1) break
        const w = line[column].width + this.opts.padding
        if (w > width) width = w
      }
      if (this.opts.rememberWidths) {
        if (this.maxwidths.length < this.widths.length)
          this.maxwidths.push(...this.widths.slice(this.maxwidths.length))
        if (this.maxwidths.length === this.widths.length) this.maxwidths.push(width)
        else if (this.maxwidths[column] > width) width = this.maxwidths[column]
        else this.maxwidths[column] = width
      }
      this.widths.push(width)
      this.format(line0, i)
      this.widths.pop()
      // like Go, the outer i++ then skips line i, which has no cell in this column
      line0 = i
    }
    this.writeLines(line0, line1)
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]
      line.forEach((c, j) => {
        this.out.push(c.text)
        if (j < this.widths.length) this.out.push(' '.repeat(Math.max(0, this.widths[j] - c.width)))
      })
      // the last buffered line has no newline yet
      if (i + 1 < this.lines.length) this.out.push('\n')
    }
  }
}

/** Formats a whole text at once. */
export function tabify(text: string, opts: TabWriterOptions): string {
  const w = new TabWriter(opts)
  w.write(text)
  return w.flush()
}
