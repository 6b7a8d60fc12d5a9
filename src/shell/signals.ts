/** Control flow that unwinds the interpreter: thrown, caught where bash would resume. */

export class ExitSignal {
  constructor(readonly code: number) {}
}

export class ReturnSignal {
  constructor(readonly code: number) {}
}

export class BreakSignal {
  constructor(public levels: number) {}
}

export class ContinueSignal {
  constructor(public levels: number) {}
}

/** Ctrl-C or `timeout` asked the running command line to stop. */
export class InterruptSignal {}

/** A loop ran too many commands without letting time pass. */
export class BudgetSignal {}

/** A redirection could not be set up: bash reports it and skips the command. */
export class RedirError extends Error {
  /** For a file that could not be opened: the operation and errno, which each shell words. */
  file?: { target: string; op: 'open' | 'create'; errno: 'ENOENT' | 'EISDIR' }
}

/** A file a redirection could not open, in bash's words (the message) and as data. */
export function fileRedirError(
  target: string,
  op: 'open' | 'create',
  errno: 'ENOENT' | 'EISDIR',
): RedirError {
  const e = new RedirError(
    `${target}: ${errno === 'EISDIR' ? 'Is a directory' : 'No such file or directory'}`,
  )
  e.file = { target, op, errno }
  return e
}
