/**
 * A readline-style line editor for the terminal, independent of xterm.js so it is tested in Node.
 * It turns key input into edits of one line and returns what to write to the screen.
 */
export interface EditorAction {
  /** Bytes to write to the terminal. */
  write: string
  /** Lines the user submitted (Enter, or each line of a multi-line paste). */
  submit: string[]
  interrupt?: boolean
  /** Ctrl-D on an empty line. */
  eof?: boolean
  /** Tab was pressed: the caller asks for completions and calls `complete`. */
  complete?: boolean
  /** The Tab before this one was a Tab too: list every candidate. */
  doubleTab?: boolean
  clear?: boolean
}

const ESC = '\x1b'

export class LineEditor {
  buffer = ''
  cursor = 0
  prompt = ''
  private history: string[]
  private historyIndex: number
  private draft = ''
  /** Reverse-i-search state, if active. */
  private search: { query: string; match: number } | null = null
  /** Rows above the cursor that belong to the current rendering (for wrapped lines). */
  private cursorRow = 0
  private lastTab = false
  cols: number

  constructor(history: string[] = [], cols = 80) {
    this.history = [...history]
    this.historyIndex = this.history.length
    this.cols = cols
  }

  getHistory(): string[] {
    return [...this.history]
  }

  /** Starts a fresh line with `prompt`; returns what to write. */
  begin(prompt: string): string {
    this.prompt = prompt
    this.buffer = ''
    this.cursor = 0
    this.cursorRow = 0
    this.search = null
    this.historyIndex = this.history.length
    return prompt
  }

  input(data: string): EditorAction {
    const action: EditorAction = { write: '', submit: [] }
    // A paste with newlines submits each complete line, keeping the rest in the buffer.
    if (data.length > 1 && /[\r\n]/.test(data) && !data.startsWith(ESC)) {
      const parts = data.replace(/\r\n/g, '\n').replace(/\r/g, '\n').split('\n')
      const last = parts.pop()!
      for (const p of parts) {
        this.insert(p)
        action.write += this.render() + '\r\n'
        action.submit.push(this.accept())
      }
      this.insert(last)
      action.write += this.render()
      return action
    }
    const wasTab = this.lastTab
    this.lastTab = data === '\t'
    if (this.search) return this.searchInput(data, action)
    switch (data) {
      case '\r':
      case '\n':
        action.write = this.render(true) + '\r\n'
        action.submit.push(this.accept())
        return action
      case '\x7f':
      case '\b':
        if (this.cursor > 0) {
          this.buffer = this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor)
          this.cursor--
        }
        break
      case `${ESC}[3~`:
        this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1)
        break
      case `${ESC}[D`:
      case '\x02':
        this.cursor = Math.max(0, this.cursor - 1)
        break
      case `${ESC}[C`:
      case '\x06':
        this.cursor = Math.min(this.buffer.length, this.cursor + 1)
        break
      case `${ESC}[1;5D`:
      case `${ESC}b`:
        this.cursor = wordLeft(this.buffer, this.cursor)
        break
      case `${ESC}[1;5C`:
      case `${ESC}f`:
        this.cursor = wordRight(this.buffer, this.cursor)
        break
      case `${ESC}[H`:
      case `${ESC}OH`:
      case '\x01':
        this.cursor = 0
        break
      case `${ESC}[F`:
      case `${ESC}OF`:
      case '\x05':
        this.cursor = this.buffer.length
        break
      case `${ESC}[A`:
      case '\x10':
        this.historyMove(-1)
        break
      case `${ESC}[B`:
      case '\x0e':
        this.historyMove(1)
        break
      case '\x15':
        this.buffer = this.buffer.slice(this.cursor)
        this.cursor = 0
        break
      case '\x0b':
        this.buffer = this.buffer.slice(0, this.cursor)
        break
      case '\x17': {
        const start = wordLeft(this.buffer, this.cursor)
        this.buffer = this.buffer.slice(0, start) + this.buffer.slice(this.cursor)
        this.cursor = start
        break
      }
      case '\x0c':
        action.clear = true
        action.write = `${ESC}[H${ESC}[2J`
        this.cursorRow = 0
        action.write += this.render()
        return action
      case '\x03':
        action.write = this.render(true) + '^C\r\n'
        action.interrupt = true
        this.buffer = ''
        this.cursor = 0
        this.cursorRow = 0
        return action
      case '\x04':
        if (this.buffer === '') {
          action.eof = true
          return action
        }
        this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1)
        break
      case '\x12':
        this.search = { query: '', match: this.history.length }
        action.write = this.renderSearch()
        return action
      case '\t':
        action.complete = true
        action.doubleTab = wasTab
        return action
      default:
        if (data.startsWith(ESC)) return action
        this.insert([...data].filter((ch) => ch >= ' ').join(''))
    }
    action.write = this.render()
    return action
  }

  /** Applies completion candidates for the word under the cursor. */
  complete(candidates: string[], doubleTab: boolean): string {
    const before = this.buffer.slice(0, this.cursor)
    const wordStart =
      Math.max(before.lastIndexOf(' '), before.lastIndexOf('/'), before.lastIndexOf('=')) + 1
    const word = before.slice(wordStart)
    const matches = candidates.filter((c) => c.startsWith(word))
    if (matches.length === 0) return ''
    if (matches.length === 1) {
      const add = matches[0].slice(word.length) + (matches[0].endsWith('/') ? '' : ' ')
      this.insert(add)
      return this.render()
    }
    const common = commonPrefix(matches)
    if (common.length > word.length) {
      this.insert(common.slice(word.length))
      return this.render()
    }
    if (!doubleTab) return '\x07'
    const list = matches.join('  ')
    const out = this.render(true) + '\r\n' + list + '\r\n'
    this.cursorRow = 0
    return out + this.prompt + this.buffer + this.moveBack()
  }

  private insert(text: string): void {
    this.buffer = this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor)
    this.cursor += text.length
  }

  private accept(): string {
    const line = this.buffer
    if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line)
    if (this.history.length > 1000) this.history = this.history.slice(-1000)
    this.historyIndex = this.history.length
    this.buffer = ''
    this.cursor = 0
    this.cursorRow = 0
    return line
  }

  private historyMove(delta: number): void {
    if (this.historyIndex === this.history.length) this.draft = this.buffer
    const next = Math.min(this.history.length, Math.max(0, this.historyIndex + delta))
    if (next === this.historyIndex) return
    this.historyIndex = next
    this.buffer = next === this.history.length ? this.draft : this.history[next]
    this.cursor = this.buffer.length
  }

  private searchInput(data: string, action: EditorAction): EditorAction {
    const s = this.search!
    if (data === '\x12') {
      s.match = this.findBack(s.query, s.match - 1)
    } else if (data === '\x7f') {
      s.query = s.query.slice(0, -1)
      s.match = this.findBack(s.query, this.history.length - 1)
    } else if (data === '\x03' || data === '\x07') {
      this.search = null
      action.write = this.render()
      return action
    } else if (data === '\r' || data.startsWith(ESC) || data.length !== 1 || data < ' ') {
      this.search = null
      if (s.match >= 0 && s.match < this.history.length) {
        this.buffer = this.history[s.match]
        this.cursor = this.buffer.length
      }
      if (data === '\r') {
        action.write = this.render(true) + '\r\n'
        action.submit.push(this.accept())
        return action
      }
      action.write = this.render()
      return action
    } else {
      s.query += data
      s.match = this.findBack(s.query, Math.min(s.match, this.history.length - 1))
    }
    action.write = this.renderSearch()
    return action
  }

  private findBack(query: string, from: number): number {
    for (let i = from; i >= 0; i--) if (this.history[i]?.includes(query)) return i
    return -1
  }

  private renderSearch(): string {
    const s = this.search!
    const found = s.match >= 0 && s.match < this.history.length ? this.history[s.match] : ''
    const label =
      s.match < 0 && s.query
        ? `(failed reverse-i-search)\`${s.query}': `
        : `(reverse-i-search)\`${s.query}': `
    return this.redraw(label + found, label.length + found.length)
  }

  /** Redraws prompt and buffer, handling lines wider than the terminal. */
  private render(cursorAtEnd = false): string {
    const text = this.prompt + this.buffer
    const pos = this.prompt.length + (cursorAtEnd ? this.buffer.length : this.cursor)
    return this.redraw(text, pos)
  }

  private redraw(text: string, pos: number): string {
    let out = ''
    if (this.cursorRow > 0) out += `${ESC}[${this.cursorRow}A`
    out += `\r${ESC}[J` + text
    const endRow = Math.floor(text.length / this.cols)
    const endCol = text.length % this.cols
    // At an exact multiple of the width the cursor waits at the end of the row; force the wrap.
    if (endCol === 0 && text.length > 0) out += ' \r'
    const row = Math.floor(pos / this.cols)
    const col = pos % this.cols
    if (endRow > row) out += `${ESC}[${endRow - row}A`
    out += '\r' + (col > 0 ? `${ESC}[${col}C` : '')
    this.cursorRow = row
    return out
  }

  private moveBack(): string {
    const n = this.buffer.length - this.cursor
    return n > 0 ? `${ESC}[${n}D` : ''
  }
}

function wordLeft(s: string, i: number): number {
  let j = i
  while (j > 0 && s[j - 1] === ' ') j--
  while (j > 0 && s[j - 1] !== ' ') j--
  return j
}

function wordRight(s: string, i: number): number {
  let j = i
  while (j < s.length && s[j] === ' ') j++
  while (j < s.length && s[j] !== ' ') j++
  return j
}

function commonPrefix(items: string[]): string {
  let p = items[0]
  for (const s of items) while (!s.startsWith(p)) p = p.slice(0, -1)
  return p
}
