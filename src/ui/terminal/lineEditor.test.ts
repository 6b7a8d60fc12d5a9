import { describe, expect, it } from 'vitest'
import { LineEditor } from './lineEditor.ts'

const type = (ed: LineEditor, keys: string[]): string[] => keys.flatMap((k) => ed.input(k).submit)

describe('line editor', () => {
  it('edits with cursor keys and readline shortcuts', () => {
    const ed = new LineEditor()
    ed.begin('$ ')
    type(ed, ['k', 'g', 'e', 't', '\x1b[D', '\x1b[D', '\x1b[D', 'u', 'b', 'e', 'c', 't', 'l', ' '])
    expect(ed.buffer).toBe('kubectl get')
    type(ed, ['\x05', '\x17'])
    expect(ed.buffer).toBe('kubectl ')
    type(ed, ['\x01', '\x0b'])
    expect(ed.buffer).toBe('')
  })

  it('keeps history and searches it', () => {
    const ed = new LineEditor(['kubectl get pods', 'ls'])
    ed.begin('$ ')
    expect(type(ed, ['\x1b[A', '\x1b[A', '\r'])).toEqual(['kubectl get pods'])
    ed.begin('$ ')
    expect(type(ed, ['\x12', 'g', 'e', 't', '\r'])).toEqual(['kubectl get pods'])
  })

  it('submits each line of a multi-line paste', () => {
    const ed = new LineEditor()
    ed.begin('$ ')
    expect(ed.input('echo a\necho b\necho c').submit).toEqual(['echo a', 'echo b'])
    expect(ed.buffer).toBe('echo c')
  })

  it('completes the word under the cursor, listing on a second Tab', () => {
    const ed = new LineEditor()
    ed.begin('$ ')
    type(ed, ['k', 'u', 'b', 'e', 'c', 't', 'l', ' ', 'g'])
    expect(ed.input('\t').complete).toBe(true)
    ed.complete(['get'], false)
    expect(ed.buffer).toBe('kubectl get ')
    type(ed, ['p', '\t'])
    ed.complete(['pods', 'persistentvolumes'], false)
    const second = ed.input('\t')
    expect(second.doubleTab).toBe(true)
    expect(ed.complete(['pods', 'persistentvolumes'], true)).toContain('pods  persistentvolumes')
  })

  it('interrupts with Ctrl-C and reports EOF on an empty line', () => {
    const ed = new LineEditor()
    ed.begin('$ ')
    type(ed, ['x'])
    expect(ed.input('\x03').interrupt).toBe(true)
    expect(ed.input('\x04').eof).toBe(true)
  })
})
