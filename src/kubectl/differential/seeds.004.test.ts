import { seedTests } from './seedShard.ts'

/** The real kubectl reads the wall clock; the served cluster's clock is stepped to it. */
seedTests('004', {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
})
