/**
 * Commands in the shell, kubectl and container programs are generators: they run synchronously
 * until they need time to pass (or the user's editor), then yield an Effect. Whoever drives them
 * decides how time passes: the CLI and tests advance the simulated clock at once, the app waits for
 * its ticker. This keeps every command deterministic and the engine free of real timers.
 */
export type Effect =
  /** Let `ms` of virtual time pass. */
  | { type: 'sleep'; ms: number }
  /**
   * Wait until `until()` holds or `maxMs` passes, re-checking whenever the cluster changes.
   * Resumes with nothing; the command re-checks its condition itself.
   */
  | { type: 'wait'; until: () => boolean; maxMs: number }
  /** Open `path` in the user's editor and resume when it is saved and closed. */
  | { type: 'edit'; path: string }

export type Proc = Generator<Effect, number, void>

export interface IO {
  /** Whole standard input (pipes run stage by stage). */
  stdin: string
  out(text: string): void
  err(text: string): void
  /** Whether Ctrl-C or a `timeout` asked the command to stop; long-running commands check it. */
  interrupted(): boolean
  /** Whether stdout is a terminal (kubectl prints colours and widths differently in pipes). */
  isTTY: boolean
}

/** A file system shared by the terminal, the editor and the CLI's working directory. */
export interface FileSystem {
  read(path: string): string | undefined
  write(path: string, content: string): void
  append(path: string, content: string): void
  remove(path: string): boolean
  exists(path: string): boolean
  isDir(path: string): boolean
  mkdir(path: string): void
  /** Entries of a directory (names only), sorted; undefined if it is not a directory. */
  list(path: string): string[] | undefined
}

/**
 * Whose userland a command belongs to: GNU coreutils and friends (the node, Debian and Ubuntu
 * images) or busybox applets (busybox, alpine). Each words its errors, and behaves, its own way.
 */
export type Userland = 'gnu' | 'busybox'

/** What every command receives besides its arguments. */
export interface CommandContext {
  io: IO
  env: Record<string, string>
  cwd: string
  fs: FileSystem
  /** Virtual time in ms (the cluster clock). */
  now(): number
  /** Resolve a path against cwd. */
  resolve(path: string): string
  /** The userland the command comes from; GNU when unset (the node). */
  userland?: Userland
}

export type Command = (args: string[], ctx: CommandContext) => Proc
