import { useEffect, useRef } from 'react'
import { Terminal } from '@xterm/xterm'
import { FitAddon } from '@xterm/addon-fit'
import '@xterm/xterm/css/xterm.css'
import { LineEditor } from './lineEditor.ts'
import { onTerminalOutput, useApp } from '../../store/index.ts'
import { engine, onEngineRestart, scheduleSave } from '../../store/engine.ts'
import { saveLocal } from '../../store/storage.ts'
import { registerTerminal } from './terminalBridge.ts'

const HISTORY_KEY = 'kubeplay:history'
const PROMPT = '\x1b[1;32mroot@control-plane\x1b[0m:\x1b[1;34m~\x1b[0m# '

/** The terminal: xterm.js for the screen, our line editor for input, the engine for everything else. */
export function TerminalPane() {
  const host = useRef<HTMLDivElement>(null)
  const live = useRef<HTMLDivElement>(null)
  const ready = useApp((s) => s.ready)

  useEffect(() => {
    if (!ready || !host.current) return
    const term = new Terminal({
      fontFamily: '"DejaVu Sans Mono", "Noto Sans Mono CJK SC", Menlo, Consolas, monospace',
      fontSize: 13,
      cursorBlink: true,
      convertEol: false,
      scrollback: 5000,
      theme:
        document.documentElement.dataset.theme === 'dark'
          ? { background: '#0f1419' }
          : { background: '#1e1e1e' },
    })
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.open(host.current)
    fit.fit()
    const editor = new LineEditor(JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]'), term.cols)
    let running: number | null = null
    let runSeq = 0
    const pending: string[] = []
    let liveText = ''

    const say = (text: string): void => {
      liveText = (liveText + text).slice(-2000)
      if (live.current) live.current.textContent = liveText.split('\n').slice(-6).join('\n')
    }

    const runLine = async (line: string): Promise<void> => {
      saveLocal(HISTORY_KEY, JSON.stringify(editor.getHistory().slice(-1000)))
      const id = ++runSeq
      running = id
      // Completion arrives as a `done` event after the run's output, on the same channel.
      const finished = new Promise<void>((resolve) => doneWaiters.set(id, resolve))
      engine()
        .run(id, line)
        .catch((e) => {
          term.write(`\r\nkubeplay: ${String(e)}\r\n`)
          doneWaiters.get(id)?.()
        })
      await finished
      doneWaiters.delete(id)
      running = null
      scheduleSave()
      const next = pending.shift()
      term.write(editor.begin(PROMPT), () => {
        // Finished-command counter: tests and assistive tools can tell when output is on screen.
        // The write callback fires once parsed; xterm paints rows on its own animation frame,
        // so the count moves only after the frame after that one.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            if (host.current) host.current.dataset.runs = String(id)
          }),
        )
      })
      if (next !== undefined) {
        term.write(next + '\r\n')
        void runLine(next)
      }
    }

    const doneWaiters = new Map<number, () => void>()
    const offOutput = onTerminalOutput((e) => {
      if (e.type === 'done') {
        doneWaiters.get(e.run)?.()
        return
      }
      const text = e.text.replace(/\r?\n/g, '\r\n')
      term.write(text)
      say(e.text)
    })

    // A crashed engine never answers the line it was running: give the prompt back.
    const offRestart = onEngineRestart(() => {
      if (running === null) return
      term.write('\r\nkubeplay: the cluster engine restarted; this command did not finish\r\n')
      doneWaiters.get(running)?.()
    })

    const onData = term.onData(async (data) => {
      if (running !== null) {
        // While a command runs, Ctrl-C interrupts it; other typing waits for the next prompt.
        if (data === '\x03') void engine().interrupt(running)
        else if (data.includes('\r')) pending.push(...data.split('\r').filter((l) => l.trim()))
        return
      }
      const action = editor.input(data)
      if (action.write) term.write(action.write)
      if (action.clear) term.clear()
      if (action.complete) {
        const candidates = await engine().complete(editor.buffer.slice(0, editor.cursor))
        const out = editor.complete(candidates, Boolean(action.doubleTab))
        if (out) term.write(out)
      }
      if (action.interrupt) term.write(editor.begin(PROMPT))
      const [first, ...rest] = action.submit
      if (first !== undefined) {
        pending.push(...rest)
        if (first.trim() === '') term.write(editor.begin(PROMPT))
        else void runLine(first)
      }
    })
    const onResize = (): void => {
      fit.fit()
      editor.cols = term.cols
    }
    window.addEventListener('resize', onResize)
    const observer = new ResizeObserver(onResize)
    observer.observe(host.current)
    term.write(editor.begin(PROMPT))
    const unregister = registerTerminal({
      type(line: string) {
        if (running !== null) {
          pending.push(line)
          return
        }
        term.write(line + '\r\n')
        void runLine(line)
      },
      focus: () => term.focus(),
    })
    term.focus()
    return () => {
      unregister()
      offRestart()
      observer.disconnect()
      window.removeEventListener('resize', onResize)
      onData.dispose()
      offOutput()
      term.dispose()
    }
  }, [ready])

  return (
    <div className="terminal-pane">
      <div ref={host} className="terminal-host" data-testid="terminal" data-runs="0" />
      <div ref={live} className="sr-only" aria-live="polite" role="log" />
    </div>
  )
}
