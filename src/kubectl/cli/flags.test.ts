import { describe, expect, test } from 'vitest'
import { FlagError, Flags, parseArgs, parseDuration, type FlagDef } from './flags.ts'

const DEFS: FlagDef[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'replicas', type: 'int' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'env', type: 'stringArray' },
  { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' },
  { name: 'timeout', type: 'duration' },
]

function parse(argv: string[]): Flags {
  return new Flags(parseArgs(argv, DEFS), DEFS)
}

describe('pflag-compatible parsing', () => {
  test('long, short, attached and separated values', () => {
    const f = parse(['get', '-nkube-system', '--output=yaml', 'pods', '-o', 'wide'])
    expect(f.str('namespace')).toBe('kube-system')
    expect(f.str('output')).toBe('wide')
    expect(f.args).toEqual(['get', 'pods'])
    expect(parse(['-n=dev']).str('namespace')).toBe('dev')
    expect(parse(['-oyaml']).str('output')).toBe('yaml')
  })

  test('grouped boolean shorthands and -- separation', () => {
    const f = parse(['exec', '-it', 'web', '--', 'sh', '-c', 'ls -l'])
    expect(f.bool('stdin')).toBe(true)
    expect(f.bool('tty')).toBe(true)
    expect(f.args).toEqual(['exec', 'web', 'sh', '-c', 'ls -l'])
    expect(f.parsed.dashAt).toBe(2)
  })

  test('slices split on commas, arrays do not; repeated flags accumulate', () => {
    const f = parse(['-f', 'a.yaml,b.yaml', '-f', 'c.yaml', '--env', 'A=1,2', '--env=B=3'])
    expect(f.list('filename')).toEqual(['a.yaml', 'b.yaml', 'c.yaml'])
    expect(f.list('env')).toEqual(['A=1,2', 'B=3'])
  })

  test('optional values and typed errors worded like pflag', () => {
    expect(parse(['--dry-run']).str('dry-run')).toBe('unchanged')
    expect(parse(['--dry-run=client']).str('dry-run')).toBe('client')
    expect(() => parse(['--replicas=abc'])).toThrow(
      new FlagError(
        'invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax',
      ),
    )
    expect(() => parse(['--nope'])).toThrow(new FlagError('unknown flag: --nope'))
    expect(() => parse(['-x'])).toThrow(new FlagError("unknown shorthand flag: 'x' in -x"))
    expect(() => parse(['-n'])).toThrow(new FlagError("flag needs an argument: 'n' in -n"))
    expect(() => parse(['--output'])).toThrow(new FlagError('flag needs an argument: --output'))
    expect(() => parse(['--timeout=5x'])).toThrow(
      new FlagError('invalid argument "5x" for "--timeout" flag: time: invalid duration "5x"'),
    )
  })

  test('Go durations', () => {
    expect(parseDuration('1m30s')).toBe(90_000)
    expect(parseDuration('1.5h')).toBe(5_400_000)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('0')).toBe(0)
    expect(parseDuration('10')).toBeUndefined()
  })
})
