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
export class RedirError extends Error {}
