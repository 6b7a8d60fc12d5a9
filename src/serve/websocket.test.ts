import { createServer, type Server } from 'node:http'
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { offeredProtocols, WebSocketConn } from './websocket.ts'

/** A client frame: always masked, as RFC 6455 requires of clients. */
function clientFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = Buffer.from([1, 2, 3, 4])
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]))
  return Buffer.concat([
    Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | payload.length]),
    mask,
    body,
  ])
}

describe('WebSocket server side', () => {
  let server: Server
  let port = 0
  beforeAll(async () => {
    server = createServer()
    server.on('upgrade', (req, socket, head) => {
      const ws = WebSocketConn.accept(req, socket, head, offeredProtocols(req)[1])
      ws.onMessage = (m) => ws.send(Buffer.concat([Buffer.from('echo:'), m]))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as { port: number }).port
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const open = async (): Promise<{ socket: Socket; read: (n: number) => Promise<Buffer> }> => {
    const socket = connect(port, '127.0.0.1')
    let buf = Buffer.alloc(0)
    let wake = (): void => {}
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d])
      wake()
    })
    const read = async (n: number): Promise<Buffer> => {
      while (buf.length < n) await new Promise<void>((r) => (wake = r))
      const out = buf.subarray(0, n)
      buf = buf.subarray(n)
      return out
    }
    socket.write(
      'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Protocol: v5.channel.k8s.io, v4.channel.k8s.io\r\n\r\n',
    )
    let head = ''
    while (!head.includes('\r\n\r\n')) head += (await read(1)).toString()
    expect(head).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n')
    expect(head).toContain('Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n')
    return { socket, read }
  }

  it('joins fragmented messages, answers pings between fragments, and closes cleanly', async () => {
    const { socket, read } = await open()
    socket.write(clientFrame(0x2, Buffer.from([1, 0x61]), false))
    socket.write(clientFrame(0x9, Buffer.from('hb')))
    socket.write(clientFrame(0x0, Buffer.from('bc')))
    expect(await read(4)).toEqual(Buffer.from([0x8a, 2, 0x68, 0x62]))
    expect(await read(2)).toEqual(Buffer.from([0x82, 9]))
    expect((await read(9)).toString('latin1')).toBe('echo:\x01abc')
    socket.write(clientFrame(0x8, Buffer.from([0x03, 0xe8])))
    expect(await read(4)).toEqual(Buffer.from([0x88, 2, 0x03, 0xe8]))
    socket.destroy()
  })
})
