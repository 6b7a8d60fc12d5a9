import { StringDecoder } from 'node:string_decoder'
import type { ChannelStream } from './channels.ts'

export interface TtyShellOptions {
  /** The container shell's prompt, e.g. `/ # `. */
  prompt: string
  /** Show the prompt at once (exec starts a shell); attach joins one already running, so
   * nothing shows until Enter, as with a real container. */
  promptFirst: boolean
  /** Runs one command line in the container; resolves with its exit code (undefined: abandoned). */
  run(line: string, interrupted: () => boolean): Promise<number | undefined>
  /** The shell ended (`exit`, Ctrl-D, end of stdin) with this code. */
  onExit?(code: number): void
}

/**
 * An interactive shell behind a raw terminal. kubectl puts the local terminal in raw mode and
 * sends keystrokes as typed, so the line discipline a tty would provide lives here: echo,
 * backspace, Ctrl-U, Enter (CR), Ctrl-C (drop the line, or interrupt the running command) and
 * Ctrl-D (leave at an empty prompt). Each line runs through the container's own shell, like the
 * `kubectl exec -it` session in the app; `exit [N]` ends the session with that code.
 */
export class TtyShell {
  private line = ''
  private pending = ''
  private busy = false
  private interruptRun = false
  private last = 0
  private escape = false
  private stdinEnded = false
  private readonly decoder = new StringDecoder('utf8')

  constructor(
    private readonly ch: ChannelStream,
    private readonly opts: TtyShellOptions,
  ) {
    ch.onStdin = (data) => this.input(this.decoder.write(data))
    ch.onStdinEnd = () => {
      this.stdinEnded = true
      if (!this.busy) this.exit(this.last)
    }
    if (opts.promptFirst) ch.raw(opts.prompt)
  }

  private exit(code: number): void {
    if (!this.ch.open) return
    this.opts.onExit?.(code)
    this.ch.exit(code)
  }

  private input(text: string): void {
    for (const c of text) {
      if (c === '\x03') {
        // Ctrl-C reaches the running command at once; the rest waits for the shell.
        if (this.busy) {
          this.interruptRun = true
          this.ch.raw('^C')
        } else {
          this.line = ''
          this.ch.raw('^C\r\n' + this.opts.prompt)
        }
        continue
      }
      if (this.busy) {
        this.pending += c
        continue
      }
      // Keys typed after Enter wait in `pending` until the command finishes, as with a shell.
      this.key(c)
    }
  }

  private key(c: string): void {
    if (this.escape) {
      // Cursor keys and other CSI sequences: this line editor has no history or cursor motion.
      if (/[@-~]/.test(c) && c !== '[') this.escape = false
      return
    }
    if (c === '\x1b') {
      this.escape = true
      return
    }
    if (c === '\r' || c === '\n') {
      this.ch.raw('\r\n')
      const line = this.line
      this.line = ''
      void this.submit(line)
      return
    }
    if (c === '\x7f' || c === '\b') {
      if (this.line) {
        this.line = [...this.line].slice(0, -1).join('')
        this.ch.raw('\b \b')
      }
      return
    }
    if (c === '\x15') {
      this.ch.raw('\b \b'.repeat([...this.line].length))
      this.line = ''
      return
    }
    if (c === '\x04') {
      if (!this.line) this.exit(this.last)
      return
    }
    if (c < ' ') return
    this.line += c
    this.ch.raw(c)
  }

  private async submit(line: string): Promise<void> {
    // `exit` ends the session itself, alone or as the last of a `;` list (`echo hi; exit`).
    const exit = /^(?:(.*);)?\s*exit(?:\s+(\d+))?\s*$/.exec(line)
    const commands = exit ? (exit[1] ?? '') : line
    if (commands.trim()) {
      this.busy = true
      this.interruptRun = false
      const code = await this.opts.run(commands, () => this.interruptRun)
      this.busy = false
      if (code === undefined) return
      this.last = this.interruptRun ? 130 : code
      if (this.interruptRun) this.ch.raw('\r\n')
    }
    if (exit) return this.exit(exit[2] === undefined ? this.last : Number(exit[2]) & 255)
    if (!this.ch.open) return
    if (this.stdinEnded) return this.exit(this.last)
    this.ch.raw(this.opts.prompt)
    const rest = this.pending
    this.pending = ''
    if (rest) this.input(rest)
  }
}
