/** Lets other panes (editor Apply, lesson command blocks) type into the terminal visibly. */
export interface TerminalHandle {
  type(line: string): void
  focus(): void
}

let current: TerminalHandle | null = null
const waiting: string[] = []

export function registerTerminal(handle: TerminalHandle): () => void {
  current = handle
  for (const line of waiting.splice(0)) handle.type(line)
  return () => {
    if (current === handle) current = null
  }
}

export function typeInTerminal(line: string): void {
  if (current) {
    current.type(line)
    current.focus()
  } else waiting.push(line)
}
