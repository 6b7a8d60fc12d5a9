import type { KObject, WatchEventType } from '../sim/api/types.ts'
import type { Check, Scenario } from '../lessons/types.ts'
import type { CheckResult } from '../lessons/checks.ts'
import type { SharePayload } from '../share/payload.ts'

/** A change to one object, as the worker batches them for the UI. */
export interface ObjectChange {
  type: WatchEventType
  resource: string
  object: KObject
}

export type EngineEvent =
  | { type: 'objects'; changes: ObjectChange[]; rv: number }
  | { type: 'reset'; objects: ObjectChange[]; rv: number }
  | { type: 'output'; run: number; stream: 'stdout' | 'stderr'; text: string }
  /** A terminal line finished; sent on the same channel as its output, so it always comes after it. */
  | { type: 'done'; run: number; exitCode: number }
  | { type: 'clock'; now: number; paused: boolean; speed: number }
  /** `kubectl edit` or `vi` asks the editor to open a file; the run resumes when it closes. */
  | { type: 'edit'; run: number; path: string; content: string }
  | { type: 'files'; paths: string[] }
  /** Something to show in the graph for a moment: a request that crossed a Service. */
  | { type: 'traffic'; from: string; service?: string; pod?: string; at: number }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; text: string }

export interface RunResult {
  exitCode: number
}

export interface CaptureResult {
  stdout: string
  stderr: string
  exitCode: number
}

export interface StartOptions {
  /** A saved engine state (local persistence or a share link). */
  saved?: SavedEngineState
  seed?: number
  cluster?: string
  files?: Record<string, string>
  /** Virtual start time; defaults to the real time when the page opened. */
  start?: number
}

/** Everything the engine needs to resume exactly: versioned so old saves keep loading. */
export interface SavedEngineState {
  version: 1
  session: unknown
}

/** Opening a share link never throws into the UI: a refusal comes back as a message. */
export type ShareLoadResult = { ok: true } | { ok: false; error: string }

/** What the UI may ask of the engine worker. Every call is asynchronous (comlink). */
export interface EngineApi {
  /** Registers the callback that receives batched events (a comlink proxy). */
  subscribe(listener: (events: EngineEvent[]) => void): Promise<void>
  start(opts: StartOptions): Promise<{ now: number; nodeName: string; prompt: string }>
  /** Runs one terminal line; output streams as `output` events. */
  run(run: number, line: string): Promise<RunResult>
  /** Ctrl-C for a running line. */
  interrupt(run: number): Promise<void>
  /** Runs a read-only command (describe, get -o yaml, logs) at the current time and returns its output. */
  capture(line: string): Promise<CaptureResult>
  /** The editor's save of a file opened by an `edit` event; `saved: false` means it was closed unchanged. */
  finishEdit(run: number, content: string | null): Promise<void>
  complete(line: string): Promise<string[]>
  readFile(path: string): Promise<string | undefined>
  writeFile(path: string, content: string): Promise<void>
  setSpeed(speed: number): Promise<void>
  setPaused(paused: boolean): Promise<void>
  /** Moves virtual time by `ms` while paused. */
  step(ms: number): Promise<void>
  save(): Promise<SavedEngineState>
  /** A fresh cluster; files are kept. */
  reset(): Promise<void>
  /** Restores the state before the last command or apply; false when there is nothing to undo. */
  undo(): Promise<boolean>
  /** A fresh cluster built from a lesson's scenario (files, silent set-up lines, settle time). */
  startScenario(scenario: Scenario): Promise<void>
  /** Evaluates lesson checks against the live cluster and the commands run since the lesson started. */
  check(checks: Check[]): Promise<CheckResult[]>
  /** Replaces the cluster with a decoded share payload (snapshot restored, scenario replayed). */
  loadShare(payload: SharePayload): Promise<ShareLoadResult>
  /** The current session snapshot (cluster, files, shell), for a share link or file. */
  shareState(): Promise<unknown>
  /** A Markdown report: nodes, workloads, pods, warning events, last commands. */
  shareSummary(): Promise<string>
}
