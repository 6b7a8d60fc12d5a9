/**
 * The tar archive format (POSIX ustar headers as GNU tar and busybox write them, `././@LongLink`
 * long names, PAX records on reading) over archives held as text.
 *
 * Files here are text, and every byte stream (pipes, exec channels) carries JavaScript strings
 * that the wire encodes as UTF-8. An archive is therefore kept as the UTF-8 decoding of its bytes:
 * its headers are ASCII and NULs and its contents are the files' UTF-8, so encoding the string
 * gives back the exact archive bytes that the real kubectl's Go archive/tar reads and writes.
 * Sizes, padding and checksums are computed on those bytes.
 */

import type { FileSystem } from '../types.ts'
import type { Stat } from '../fs.ts'

export const BLOCK = 512
/** GNU tar writes whole records of 20 blocks. */
const RECORD = 20 * BLOCK

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other'

export interface TarEntry {
  name: string
  type: EntryType
  /** Permission bits (07777). */
  mode: number
  /** Seconds since the epoch. */
  mtime: number
  uid: number
  gid: number
  uname: string
  gname: string
  linkname: string
  /** Contents of a regular file. */
  data: string
}

const enc = new TextEncoder()
const dec = new TextDecoder()

export function utf8Length(text: string): number {
  return enc.encode(text).length
}

// --- writing ---------------------------------------------------------------------------------

function putString(block: Uint8Array, offset: number, length: number, bytes: Uint8Array): void {
  block.set(bytes.subarray(0, length), offset)
}

/** A numeric field as GNU tar writes it: zero-padded octal, then a NUL. */
function putOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  putString(block, offset, length, enc.encode(value.toString(8).padStart(length - 1, '0')))
}

function header(name: Uint8Array, e: TarEntry, typeflag: string, size: number): Uint8Array {
  const b = new Uint8Array(BLOCK)
  putString(b, 0, 100, name)
  putOctal(b, 100, 8, e.mode & 0o7777)
  putOctal(b, 108, 8, e.uid)
  putOctal(b, 116, 8, e.gid)
  putOctal(b, 124, 12, size)
  putOctal(b, 136, 12, Math.max(0, Math.floor(e.mtime)))
  b[156] = typeflag.charCodeAt(0)
  putString(b, 157, 100, enc.encode(e.linkname))
  // The old GNU magic ("ustar  \0"), which both GNU tar (--format=gnu) and busybox write.
  putString(b, 257, 8, enc.encode('ustar  \0'))
  putString(b, 265, 32, enc.encode(e.uname))
  putString(b, 297, 32, enc.encode(e.gname))
  b.fill(0x20, 148, 156)
  let sum = 0
  for (const x of b) sum += x
  putString(b, 148, 8, enc.encode(sum.toString(8).padStart(6, '0') + '\0 '))
  return b
}

const TYPEFLAG: Record<EntryType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  dir: '5',
  other: '0',
}

function padded(bytes: Uint8Array): Uint8Array[] {
  const rest = bytes.length % BLOCK
  return rest ? [bytes, new Uint8Array(BLOCK - rest)] : [bytes]
}

/**
 * The archive of `entries`. GNU tar pads the end to a whole record; busybox stops after the two
 * zero blocks that end every archive.
 */
export function writeArchive(entries: TarEntry[], flavour: 'gnu' | 'busybox'): string {
  const parts: Uint8Array[] = []
  for (const e of entries) {
    const name = enc.encode(e.name)
    const data = e.type === 'file' || e.type === 'other' ? enc.encode(e.data) : new Uint8Array()
    if (name.length > 100) {
      const long = { ...e, mode: 0, mtime: 0, uid: 0, gid: 0, linkname: '' }
      const body = new Uint8Array(name.length + 1)
      body.set(name)
      parts.push(header(enc.encode('././@LongLink'), long, 'L', body.length), ...padded(body))
    }
    parts.push(header(name, e, TYPEFLAG[e.type], data.length), ...padded(data))
  }
  parts.push(new Uint8Array(2 * BLOCK))
  let total = parts.reduce((n, p) => n + p.length, 0)
  if (flavour === 'gnu' && total % RECORD) {
    parts.push(new Uint8Array(RECORD - (total % RECORD)))
    total += RECORD - (total % RECORD)
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return dec.decode(out)
}

// --- reading ---------------------------------------------------------------------------------

export type ReadResult =
  | { ok: true; entries: TarEntry[]; ended: boolean }
  /** `notTar`: the first header is not one; `eof`: the archive ends inside a member. */
  | { ok: false; entries: TarEntry[]; error: 'notTar' | 'eof' }

function cString(b: Uint8Array, offset: number, length: number): string {
  const field = b.subarray(offset, offset + length)
  const nul = field.indexOf(0)
  return dec.decode(nul < 0 ? field : field.subarray(0, nul))
}

function octal(b: Uint8Array, offset: number, length: number): number {
  const text = cString(b, offset, length).trim()
  return text ? parseInt(text, 8) : 0
}

function validHeader(b: Uint8Array): boolean {
  const stored = octal(b, 148, 8)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : b[i]
  return cString(b, 148, 8).trim() !== '' && sum === stored
}

/** PAX extended records: `LEN key=value\n`. */
function paxRecords(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^\d+ ([^=]+)=(.*)$/s.exec(line)
    if (m) out[m[1]] = m[2]
  }
  return out
}

function typeOf(flag: string): EntryType {
  if (flag === '0' || flag === '\0' || flag === '7') return 'file'
  if (flag === '5') return 'dir'
  if (flag === '2') return 'symlink'
  if (flag === '1') return 'hardlink'
  return 'other'
}

export function readArchive(archive: string): ReadResult {
  const bytes = enc.encode(archive)
  const entries: TarEntry[] = []
  let longName: string | undefined
  let longLink: string | undefined
  let pax: Record<string, string> = {}
  for (let at = 0; ;) {
    if (at + BLOCK > bytes.length) {
      if (at === 0) return { ok: false, entries, error: 'notTar' }
      // Archives cut at a block boundary after their last member still read as complete.
      return at === bytes.length
        ? { ok: true, entries, ended: false }
        : { ok: false, entries, error: 'eof' }
    }
    const b = bytes.subarray(at, at + BLOCK)
    if (b.every((x) => x === 0)) return { ok: true, entries, ended: true }
    if (!validHeader(b)) return { ok: false, entries, error: at === 0 ? 'notTar' : 'eof' }
    const size = octal(b, 124, 12)
    const flag = String.fromCharCode(b[156])
    const bodyAt = at + BLOCK
    at = bodyAt + Math.ceil(size / BLOCK) * BLOCK
    if (bodyAt + size > bytes.length) return { ok: false, entries, error: 'eof' }
    const body = bytes.subarray(bodyAt, bodyAt + size)
    if (flag === 'L' || flag === 'K') {
      const text = dec.decode(body).replace(/\0+$/, '')
      if (flag === 'L') longName = text
      else longLink = text
      continue
    }
    if (flag === 'x') {
      pax = paxRecords(dec.decode(body))
      continue
    }
    if (flag === 'g') continue
    let name = cString(b, 0, 100)
    const magic = cString(b, 257, 6)
    const prefix = magic === 'ustar' ? cString(b, 345, 155) : ''
    if (prefix) name = `${prefix}/${name}`
    const type = typeOf(flag)
    entries.push({
      name: pax.path ?? longName ?? name,
      type,
      mode: octal(b, 100, 8) & 0o7777,
      mtime: pax.mtime !== undefined ? Math.floor(Number(pax.mtime)) : octal(b, 136, 12),
      uid: octal(b, 108, 8),
      gid: octal(b, 116, 8),
      uname: pax.uname ?? cString(b, 265, 32),
      gname: pax.gname ?? cString(b, 297, 32),
      linkname: pax.linkpath ?? longLink ?? cString(b, 157, 100),
      data: type === 'file' || type === 'other' ? dec.decode(body) : '',
    })
    longName = longLink = undefined
    pax = {}
  }
}

/** Whether `archive` holds its end-of-archive blocks, where a reader such as Go's stops. */
export function archiveEnded(archive: string): boolean {
  const r = readArchive(archive)
  return r.ok && r.ended
}

/**
 * The entry an archiver writes for a file or directory of `fs`: its mode and modification time
 * (or the defaults a fresh file has), owned by root, a file with its contents.
 */
export function entryOf(
  fs: FileSystem & { stat?(p: string): Stat | undefined },
  path: string,
  name: string,
  type: 'file' | 'dir',
  now: number,
): TarEntry {
  const st = fs.stat?.(path)
  return {
    name,
    type,
    mode: st?.mode ?? (type === 'dir' ? 0o755 : 0o644),
    mtime: Math.floor((st?.mtime ?? now) / 1000),
    uid: 0,
    gid: 0,
    uname: 'root',
    gname: 'root',
    linkname: '',
    data: type === 'file' ? (fs.read(path) ?? '') : '',
  }
}
