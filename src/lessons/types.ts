/** Text in both languages. Lessons must provide both. */
export interface Text {
  'zh-CN': string
  en: string
}

export type Lang = keyof Text

export type CompareOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'exists' | 'absent'

/** Declarative checks on the cluster and on what the learner did. */
export type Check =
  | { type: 'exists'; resource: string; name: string; namespace?: string }
  | { type: 'absent'; resource: string; name: string; namespace?: string }
  | {
      type: 'field'
      resource: string
      name: string
      namespace?: string
      path: string
      op?: CompareOp
      value?: unknown
    }
  | {
      type: 'count'
      resource: string
      namespace?: string
      selector?: string
      /** Only pods: count those in this STATUS (as kubectl shows it) or phase. */
      status?: string
      ready?: boolean
      op?: CompareOp
      value: number
    }
  | {
      type: 'condition'
      resource: string
      name: string
      namespace?: string
      condition: string
      status?: string
      reason?: string
    }
  | { type: 'rolloutComplete'; name: string; namespace?: string; image?: string }
  | { type: 'endpoints'; service: string; namespace?: string; ready: number }
  | {
      type: 'podStatus'
      selector?: string
      name?: string
      namespace?: string
      status: string
      min?: number
    }
  | {
      type: 'http'
      url: string
      fromPod?: string
      namespace?: string
      contains?: string
      status?: number
    }
  | {
      type: 'event'
      reason: string
      namespace?: string
      kind?: string
      namePrefix?: string
      messageContains?: string
    }
  /** The learner ran a command whose words include all of these (e.g. ['describe', 'pod']). */
  | { type: 'ran'; words: string[]; exitCode?: number }
  /** A file in the learner's home directory contains text. */
  | { type: 'file'; path: string; contains?: string }

export interface Hint {
  text: Text
}

export interface WrongAttempt {
  /** Commands that look plausible but miss the goal. */
  commands: string[]
  /** Part of the "still different" line the first failing check must show. */
  expect: string
}

export interface Step {
  id: string
  title: Text
  text: Text
  checks: Check[]
  /** Nudge → concept → exact command. */
  hints: Text[]
  /** Reference solution: shell lines typed into the terminal. */
  solution: string[]
  wrong?: WrongAttempt[]
  /** Virtual seconds the checks may take to become true after the solution (image pulls, rollouts). */
  settleSeconds?: number
}

export interface Scenario {
  cluster?: 'kubeadm' | 'minikube' | 'tutorial-001'
  seed?: number
  /** Files in /root (and the editor). */
  files?: Record<string, string>
  /** Shell lines run silently before the learner starts (pre-created objects, broken states). */
  setup?: string[]
  /** Virtual seconds to let pass after setup. */
  settleSeconds?: number
}

export interface Lesson {
  id: string
  version: 1
  track: string
  order: number
  title: Text
  summary: Text
  /** The seed tutorial this lesson comes from. */
  source: { seed: string; section: string }
  /** Where the tutorial and Kubernetes v1.32 disagree, and what this lesson does instead. */
  corrections?: Text[]
  scenario: Scenario
  steps: Step[]
}

/** Where a lesson file lives, for error messages. */
export interface LessonFile {
  path: string
  lesson: Lesson
}
