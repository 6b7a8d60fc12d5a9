import * as Comlink from 'comlink'
import { EngineHost } from './engineHost.ts'
import type { EngineApi } from './protocol.ts'

// The only real clock in the engine's world: it moves virtual time along with wall time × speed.
const TICK_MS = 100
const host = new EngineHost(() => Date.now())
let ticker: ReturnType<typeof setInterval> | null = null

const api: EngineApi = {
  async subscribe(listener) {
    host.subscribe(listener)
  },
  async start(opts) {
    const info = host.start(opts)
    ticker ??= setInterval(() => host.tick(), TICK_MS)
    return info
  },
  run: async (id, line) => host.run(id, line),
  interrupt: async (id) => host.interrupt(id),
  capture: async (line) => host.capture(line),
  finishEdit: async (id, content) => host.finishEdit(id, content),
  complete: async (line) => host.complete(line),
  readFile: async (path) => host.readFile(path),
  writeFile: async (path, content) => host.writeFile(path, content),
  setSpeed: async (speed) => host.setSpeed(speed),
  setPaused: async (paused) => host.setPaused(paused),
  step: async (ms) => host.step(ms),
  save: async () => host.save(),
  reset: async () => host.reset(),
  undo: async () => host.undo(),
  startScenario: async (scenario) => host.startScenario(scenario),
  check: async (checks) => host.check(checks),
  loadShare: async (payload) => host.loadShare(payload),
  shareState: async () => host.shareState(),
  shareSummary: async () => host.shareSummary(),
}

Comlink.expose(api)
