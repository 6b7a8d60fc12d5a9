import type { Status } from '../sim/api/types.ts'
import type { WebSocketConn } from './websocket.ts'

/**
 * Channel numbers of the remote command protocol (k8s.io/apimachinery/pkg/util/remotecommand):
 * each binary WebSocket message starts with one of them.
 */
export const STDIN = 0
export const STDOUT = 1
export const STDERR = 2
export const ERROR = 3
export const RESIZE = 4
/** v5 only: `[255, n]` says the peer will send nothing more on channel n (stdin EOF). */
export const CLOSE = 255

/** Longest real wait for kubectl's first terminal size before a TTY session is closed. */
const SIZE_WAIT_MS = 500

export const V5 = 'v5.channel.k8s.io'
export const V4 = 'v4.channel.k8s.io'

/** What the kubelet reports on the error channel when the process ends. */
export function exitStatus(code: number): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' }
  return {
    metadata: {},
    status: 'Failure',
    // The API server's stream translator wraps the kubelet's exit error in its own words.
    message: `command terminated with non-zero exit code: command terminated with exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  }
}

/**
 * A failure after the upgrade, as kube-apiserver v1.32 reports it: its stream translator relays
 * the kubelet's error through apierrors.NewInternalError, so messages gain one more
 * "Internal error occurred: " in front (kubectl prints `error: Internal error occurred: …`).
 */
export function translatedFailure(message: string): Status {
  const text = `Internal error occurred: ${message}`
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: text,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  } as Status
}

/**
 * How channels travel: WebSocket messages prefixed with the channel number, or (kubectl's SPDY
 * fallback) one SPDY stream per channel.
 */
export interface ChannelTransport {
  readonly isOpen: boolean
  send(channel: number, data: Buffer): void
  /** Ends the connection after the status: the client reads that as the end of every stream. */
  close(): void
  onMessage: (channel: number, data: Buffer) => void
  onClose: () => void
}

/** Channels over WebSocket: each binary message starts with its channel number. */
export function webSocketChannels(ws: WebSocketConn): ChannelTransport {
  const t: ChannelTransport = {
    get isOpen() {
      return ws.isOpen
    },
    send: (channel, data) => ws.send(Buffer.concat([Buffer.from([channel]), data])),
    close: () => ws.close(1000),
    onMessage: () => {},
    onClose: () => {},
  }
  ws.onMessage = (m) => {
    if (m.length) t.onMessage(m[0], m.subarray(1))
  }
  ws.onClose = () => t.onClose()
  return t
}

/**
 * The server end of a remote command stream (v4/v5.channel.k8s.io): output on channels 1 and 2
 * (both on 1 with a TTY, where there is no stderr stream), the final status on channel 3, then
 * a normal close, which is what tells the client its streams are complete.
 */
export class ChannelStream {
  onStdin: (data: Buffer) => void = () => {}
  /** stdin reached EOF (v5 close signal) or the connection ended. */
  onStdinEnd: () => void = () => {}
  private done = false
  private sizeSeen = false
  private pending: Record<string, unknown> | undefined
  private sizeWait: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly transport: ChannelTransport,
    private readonly opts: {
      stdout: boolean
      stderr: boolean
      tty: boolean
      /** WebSocket clients reach the kubelet through the API server's stream translator. */
      translated: boolean
    },
  ) {
    transport.onMessage = (channel, data) => {
      if (channel === STDIN) this.onStdin(data)
      else if (channel === CLOSE && data[0] === STDIN) this.onStdinEnd()
      // Resize messages need no answer: output is not laid out by terminal width here.
      else if (channel === RESIZE) this.resized()
    }
    transport.onClose = () => {
      this.done = true
      this.onStdinEnd()
    }
  }

  get open(): boolean {
    return !this.done && this.transport.isOpen
  }

  out(text: string): void {
    if (this.opts.stdout) this.write(STDOUT, this.opts.tty ? onlcr(text) : text)
  }

  err(text: string): void {
    if (this.opts.tty) this.out(text)
    else if (this.opts.stderr) this.write(STDERR, text)
  }

  /** Raw bytes to the terminal (echo, prompts), already in terminal form. */
  raw(text: string): void {
    if (this.opts.stdout) this.write(STDOUT, text)
  }

  exit(code: number): void {
    this.finish(exitStatus(code))
  }

  /** A failure as the client sees it: relayed by the translator, or straight from the kubelet. */
  failWith(message: string): void {
    const status = this.opts.translated
      ? translatedFailure(message)
      : { metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 }
    this.finish(status as unknown as Record<string, unknown>)
  }

  private finish(status: Record<string, unknown>): void {
    if (this.done || this.pending) return
    // With a TTY kubectl sends the terminal size first; closing before it arrives makes kubectl
    // log a failed resize write, which a real kubelet, slower to fail, never provokes.
    if (this.opts.tty && !this.sizeSeen) {
      this.pending = status
      this.sizeWait = setTimeout(() => this.resized(), SIZE_WAIT_MS)
      return
    }
    this.write(ERROR, JSON.stringify(status))
    this.done = true
    this.transport.close()
  }

  private resized(): void {
    this.sizeSeen = true
    clearTimeout(this.sizeWait)
    const status = this.pending
    this.pending = undefined
    if (status) this.finish(status)
  }

  private write(channel: number, text: string): void {
    if (this.done || !text) return
    this.transport.send(channel, Buffer.from(text, 'utf8'))
  }
}

/** A terminal's output processing: newline becomes carriage return + newline. */
function onlcr(text: string): string {
  return text.replace(/\r?\n/g, '\r\n')
}
