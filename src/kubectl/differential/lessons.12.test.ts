import { differentialShard } from './lessonShard.ts'

/** The real kubectl reads the wall clock; the served cluster's clock is stepped to it. */
differentialShard(12, 14, {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
})
