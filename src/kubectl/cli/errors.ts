import type { IO } from '../../shell/types.ts'
import { isStatusError, StatusError } from '../../sim/api/errors.ts'

/**
 * A failure whose text kubectl prints as is (after `error: ` unless it already carries a prefix),
 * like `cmdutil.CheckErr` does for plain Go errors.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** Printed verbatim, without the `error: ` prefix (usage texts, `Error from server ...`). */
    readonly raw = false,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

/** A usage problem: `error: <msg>` then `See 'kubectl <cmd> -h' for help and examples`. */
export function usageError(cmdPath: string, message: string): CliError {
  return new CliError(`error: ${message}\nSee '${cmdPath} -h' for help and examples`, true)
}

/** Several errors reported together, one per line (utilerrors.Aggregate). */
export class MultiError extends Error {
  constructor(readonly errors: unknown[]) {
    super(errors.map(String).join('\n'))
  }
}

/** The text `cmdutil.CheckErr` prints for one error (without the trailing newline). */
export function errorText(e: unknown): string {
  if (e instanceof CliError)
    return e.raw || e.message.startsWith('error: ') ? e.message : 'error: ' + e.message
  if (isStatusError(e)) return statusText(e)
  // An aggregate prints API errors in kubectl's form and plain errors bare, one per line.
  if (e instanceof MultiError)
    return e.errors
      .map((x) => (isStatusError(x) ? statusText(x) : errorText(x).replace(/^error: /, '')))
      .join('\n')
  const msg = e instanceof Error ? e.message : String(e)
  return msg.startsWith('error: ') ? msg : 'error: ' + msg
}

function statusText(e: StatusError): string {
  const s = e.status
  if (s.reason === 'Invalid' && s.details) {
    const d = s.details
    const head =
      d.kind || d.name
        ? `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid`
        : 'The request is invalid'
    const causes = (d.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message}`)
    if (causes.length === 0) return s.message
    if (causes.length === 1) return `${head}: ${causes[0]}`
    return `${head}: \n${causes.map((c) => '* ' + c).join('\n')}`
  }
  if (s.reason === 'Unauthorized')
    return `error: You must be logged in to the server (${s.message})`
  if (s.reason) return `Error from server (${s.reason}): ${s.message}`
  return `Error from server: ${s.message}`
}

/** Prints an error as kubectl does and returns its exit code. */
export function report(io: IO, e: unknown): number {
  if (!(e instanceof CliError) && !isStatusError(e) && !(e instanceof MultiError)) {
    if (!(e instanceof Error) || e.constructor !== Error) throw e
  }
  io.err(errorText(e) + '\n')
  return e instanceof CliError ? e.exitCode : 1
}

/** `error when creating "x.yaml": <msg>` on a Status error, keeping its reason (AddSourceToErr). */
export function withSource(verb: string, source: string | undefined, e: unknown): unknown {
  if (!source || source === 'STDIN' || !isStatusError(e)) return e
  if (e.status.reason === 'Invalid') return e
  return new StatusError({
    ...e.status,
    message: `error when ${verb} "${source}": ${e.status.message}`,
  })
}
