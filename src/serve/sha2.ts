/**
 * SHA-256 and SHA-512 (FIPS 180-4) over bytes, synchronously and without Node: the REST handler
 * also runs in the browser, and discovery needs the same digests the API server computes
 * (storageVersionHash, the aggregated discovery ETag). Web Crypto's digest is asynchronous.
 */

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])

/** Message padded to whole blocks with the bit length in the last `lenBytes` bytes. */
function pad(data: Uint8Array, block: number, lenBytes: number): Uint8Array {
  const total = Math.ceil((data.length + 1 + lenBytes) / block) * block
  const out = new Uint8Array(total)
  out.set(data)
  out[data.length] = 0x80
  const bits = data.length * 8
  const view = new DataView(out.buffer)
  // Inputs stay far below 2^53 bits, so the high words of the length are the two below.
  view.setUint32(total - 8, Math.floor(bits / 0x100000000))
  view.setUint32(total - 4, bits >>> 0)
  return out
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n))

export function sha256(data: Uint8Array): Uint8Array {
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ])
  const msg = pad(data, 64, 8)
  const view = new DataView(msg.buffer)
  const w = new Uint32Array(64)
  for (let off = 0; off < msg.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4)
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3)
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10)
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0
    }
    let [a, b, c, d, e, f, g, hh] = h
    for (let i = 0; i < 64; i++) {
      const t1 =
        (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i]) >>>
        0
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0
      hh = g
      g = f
      f = e
      e = (d + t1) >>> 0
      d = c
      c = b
      b = a
      a = (t1 + t2) >>> 0
    }
    h[0] += a
    h[1] += b
    h[2] += c
    h[3] += d
    h[4] += e
    h[5] += f
    h[6] += g
    h[7] += hh
  }
  const out = new Uint8Array(32)
  const ov = new DataView(out.buffer)
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i])
  return out
}

// SHA-512 works on 64-bit words, kept here as (high, low) pairs of 32-bit halves.
const K512 = new Uint32Array(
  [
    '428a2f98d728ae22',
    '7137449123ef65cd',
    'b5c0fbcfec4d3b2f',
    'e9b5dba58189dbbc',
    '3956c25bf348b538',
    '59f111f1b605d019',
    '923f82a4af194f9b',
    'ab1c5ed5da6d8118',
    'd807aa98a3030242',
    '12835b0145706fbe',
    '243185be4ee4b28c',
    '550c7dc3d5ffb4e2',
    '72be5d74f27b896f',
    '80deb1fe3b1696b1',
    '9bdc06a725c71235',
    'c19bf174cf692694',
    'e49b69c19ef14ad2',
    'efbe4786384f25e3',
    '0fc19dc68b8cd5b5',
    '240ca1cc77ac9c65',
    '2de92c6f592b0275',
    '4a7484aa6ea6e483',
    '5cb0a9dcbd41fbd4',
    '76f988da831153b5',
    '983e5152ee66dfab',
    'a831c66d2db43210',
    'b00327c898fb213f',
    'bf597fc7beef0ee4',
    'c6e00bf33da88fc2',
    'd5a79147930aa725',
    '06ca6351e003826f',
    '142929670a0e6e70',
    '27b70a8546d22ffc',
    '2e1b21385c26c926',
    '4d2c6dfc5ac42aed',
    '53380d139d95b3df',
    '650a73548baf63de',
    '766a0abb3c77b2a8',
    '81c2c92e47edaee6',
    '92722c851482353b',
    'a2bfe8a14cf10364',
    'a81a664bbc423001',
    'c24b8b70d0f89791',
    'c76c51a30654be30',
    'd192e819d6ef5218',
    'd69906245565a910',
    'f40e35855771202a',
    '106aa07032bbd1b8',
    '19a4c116b8d2d0c8',
    '1e376c085141ab53',
    '2748774cdf8eeb99',
    '34b0bcb5e19b48a8',
    '391c0cb3c5c95a63',
    '4ed8aa4ae3418acb',
    '5b9cca4f7763e373',
    '682e6ff3d6b2b8a3',
    '748f82ee5defb2fc',
    '78a5636f43172f60',
    '84c87814a1f0ab72',
    '8cc702081a6439ec',
    '90befffa23631e28',
    'a4506cebde82bde9',
    'bef9a3f7b2c67915',
    'c67178f2e372532b',
    'ca273eceea26619c',
    'd186b8c721c0c207',
    'eada7dd6cde0eb1e',
    'f57d4f7fee6ed178',
    '06f067aa72176fba',
    '0a637dc5a2c898a6',
    '113f9804bef90dae',
    '1b710b35131c471b',
    '28db77f523047d84',
    '32caab7b40c72493',
    '3c9ebe0a15c9bebc',
    '431d67c49c100d4c',
    '4cc5d4becb3e42b6',
    '597f299cfc657e2a',
    '5fcb6fab3ad6faec',
    '6c44198c4a475817',
  ].flatMap((x) => [parseInt(x.slice(0, 8), 16), parseInt(x.slice(8), 16)]),
)

const IV512 = [
  0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1,
  0x510e527f, 0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
]

/** Rotate right of the 64-bit (hi, lo) by n (0 < n < 64): the high half, then the low half. */
function rotrHi(hi: number, lo: number, n: number): number {
  return n < 32 ? (hi >>> n) | (lo << (32 - n)) : (lo >>> (n - 32)) | (hi << (64 - n))
}
function rotrLo(hi: number, lo: number, n: number): number {
  return n < 32 ? (lo >>> n) | (hi << (32 - n)) : (hi >>> (n - 32)) | (lo << (64 - n))
}

export function sha512(data: Uint8Array): Uint8Array {
  const h = new Uint32Array(IV512)
  const msg = pad(data, 128, 16)
  const view = new DataView(msg.buffer)
  const w = new Uint32Array(160)
  const s = new Uint32Array(16)
  for (let off = 0; off < msg.length; off += 128) {
    for (let i = 0; i < 32; i++) w[i] = view.getUint32(off + i * 4)
    for (let i = 16; i < 80; i++) {
      const xh = w[(i - 15) * 2]
      const xl = w[(i - 15) * 2 + 1]
      const s0h = rotrHi(xh, xl, 1) ^ rotrHi(xh, xl, 8) ^ (xh >>> 7)
      const s0l = rotrLo(xh, xl, 1) ^ rotrLo(xh, xl, 8) ^ ((xl >>> 7) | (xh << 25))
      const yh = w[(i - 2) * 2]
      const yl = w[(i - 2) * 2 + 1]
      const s1h = rotrHi(yh, yl, 19) ^ rotrHi(yh, yl, 61) ^ (yh >>> 6)
      const s1l = rotrLo(yh, yl, 19) ^ rotrLo(yh, yl, 61) ^ ((yl >>> 6) | (yh << 26))
      const lo =
        (w[(i - 16) * 2 + 1] >>> 0) + (s0l >>> 0) + (w[(i - 7) * 2 + 1] >>> 0) + (s1l >>> 0)
      const hi = w[(i - 16) * 2] + s0h + w[(i - 7) * 2] + s1h + Math.floor(lo / 0x100000000)
      w[i * 2] = hi >>> 0
      w[i * 2 + 1] = lo >>> 0
    }
    // Working variables as (high, low) locals; >>> 0 keeps each half an unsigned 32-bit value.
    let [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl] = h
    for (let i = 0; i < 80; i++) {
      const S1h = rotrHi(eh, el, 14) ^ rotrHi(eh, el, 18) ^ rotrHi(eh, el, 41)
      const S1l = rotrLo(eh, el, 14) ^ rotrLo(eh, el, 18) ^ rotrLo(eh, el, 41)
      const chh = (eh & fh) ^ (~eh & gh)
      const chl = (el & fl) ^ (~el & gl)
      const t1l = hl + (S1l >>> 0) + (chl >>> 0) + K512[i * 2 + 1] + w[i * 2 + 1]
      const t1h = hh + S1h + chh + K512[i * 2] + w[i * 2] + Math.floor(t1l / 0x100000000)
      const S0h = rotrHi(ah, al, 28) ^ rotrHi(ah, al, 34) ^ rotrHi(ah, al, 39)
      const S0l = rotrLo(ah, al, 28) ^ rotrLo(ah, al, 34) ^ rotrLo(ah, al, 39)
      const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch)
      const majl = (al & bl) ^ (al & cl) ^ (bl & cl)
      const t2l = (S0l >>> 0) + (majl >>> 0)
      const t2h = S0h + majh + Math.floor(t2l / 0x100000000)
      const el2 = dl + (t1l >>> 0)
      const al2 = (t1l >>> 0) + (t2l >>> 0)
      hh = gh
      hl = gl
      gh = fh
      gl = fl
      fh = eh
      fl = el
      eh = (dh + t1h + Math.floor(el2 / 0x100000000)) >>> 0
      el = el2 >>> 0
      dh = ch
      dl = cl
      ch = bh
      cl = bl
      bh = ah
      bl = al
      ah = (t1h + t2h + Math.floor(al2 / 0x100000000)) >>> 0
      al = al2 >>> 0
    }
    s.set([ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl])
    for (let i = 0; i < 16; i += 2) {
      const lo = h[i + 1] + s[i + 1]
      h[i] = h[i] + s[i] + Math.floor(lo / 0x100000000)
      h[i + 1] = lo
    }
  }
  const out = new Uint8Array(64)
  const ov = new DataView(out.buffer)
  for (let i = 0; i < 16; i++) ov.setUint32(i * 4, h[i])
  return out
}

export function hex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}
