import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../sim/api/types.ts'
import { podStatusCells } from './pods.ts'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const ago = (s: number) => new Date(NOW - s * 1000).toISOString()

function pod(spec: any, status: any, meta: any = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...meta }, spec, status }
}
const one = { containers: [{ name: 'a' }] }
const two = { containers: [{ name: 'a' }, { name: 'b' }] }
const running = (name: string, ready = true) => ({
  name,
  ready,
  restartCount: 0,
  state: { running: {} },
})

describe('printPod STATUS / READY / RESTARTS', () => {
  it.each<[string, KObject, [string, string, string]]>([
    ['pending, no statuses', pod(one, { phase: 'Pending' }), ['0/1', 'Pending', '0']],
    [
      'container creating',
      pod(one, {
        phase: 'Pending',
        containerStatuses: [{ name: 'a', state: { waiting: { reason: 'ContainerCreating' } } }],
      }),
      ['0/1', 'ContainerCreating', '0'],
    ],
    [
      'running and ready',
      pod(one, { phase: 'Running', containerStatuses: [running('a')] }),
      ['1/1', 'Running', '0'],
    ],
    [
      'first container in spec order with a reason wins',
      pod(two, {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', state: { waiting: { reason: 'ErrImagePull' } } },
          { name: 'b', state: { terminated: { exitCode: 1, reason: 'Error' } } },
        ],
      }),
      ['0/2', 'ErrImagePull', '0'],
    ],
    [
      'terminated without reason: ExitCode',
      pod(one, {
        phase: 'Failed',
        containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 137 } } }],
      }),
      ['0/1', 'ExitCode:137', '0'],
    ],
    [
      'terminated by signal',
      pod(one, {
        phase: 'Failed',
        containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0, signal: 9 } } }],
      }),
      ['0/1', 'Signal:9', '0'],
    ],
    [
      'completed',
      pod(one, {
        phase: 'Succeeded',
        containerStatuses: [
          { name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      }),
      ['0/1', 'Completed', '0'],
    ],
    [
      'Completed with a container still running and pod not Ready → NotReady',
      pod(two, {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          { name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          running('b'),
        ],
      }),
      ['1/2', 'NotReady', '0'],
    ],
    [
      'Completed with a container running and pod Ready → Running',
      pod(two, {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          running('b'),
        ],
      }),
      ['1/2', 'Running', '0'],
    ],
    [
      'Init:0/2',
      pod(
        { ...one, initContainers: [{ name: 'i1' }, { name: 'i2' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', state: { running: {} } },
            { name: 'i2', state: { waiting: { reason: 'PodInitializing' } } },
          ],
        },
      ),
      ['0/1', 'Init:0/2', '0'],
    ],
    [
      'Init:1/2',
      pod(
        { ...one, initContainers: [{ name: 'i1' }, { name: 'i2' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', state: { terminated: { exitCode: 0 } } },
            { name: 'i2', state: { running: {} } },
          ],
        },
      ),
      ['0/1', 'Init:1/2', '0'],
    ],
    [
      'Init:CrashLoopBackOff with restarts',
      pod(
        { ...one, initContainers: [{ name: 'i1' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'i1',
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, finishedAt: ago(15) } },
            },
          ],
        },
      ),
      ['0/1', 'Init:CrashLoopBackOff', '3 (15s ago)'],
    ],
    [
      'Init:Error',
      pod(
        { ...one, initContainers: [{ name: 'i1' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', state: { terminated: { exitCode: 2, reason: 'Error' } } },
          ],
        },
      ),
      ['0/1', 'Init:Error', '0'],
    ],
    [
      'restartable init container (sidecar) counts toward READY',
      pod(
        { ...one, initContainers: [{ name: 'side', restartPolicy: 'Always' }] },
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [
            { name: 'side', started: true, ready: true, state: { running: {} } },
          ],
          containerStatuses: [running('a')],
        },
      ),
      ['2/2', 'Running', '0'],
    ],
    [
      'SchedulingGated',
      pod(one, {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      }),
      ['0/1', 'SchedulingGated', '0'],
    ],
    [
      'Evicted (status.reason)',
      pod(one, { phase: 'Failed', reason: 'Evicted' }),
      ['0/1', 'Evicted', '0'],
    ],
    [
      'Terminating',
      pod(
        one,
        { phase: 'Running', containerStatuses: [running('a')] },
        { deletionTimestamp: ago(1) },
      ),
      ['1/1', 'Terminating', '0'],
    ],
    [
      'deleting a completed pod keeps Completed',
      pod(
        one,
        {
          phase: 'Succeeded',
          containerStatuses: [
            { name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          ],
        },
        { deletionTimestamp: ago(1) },
      ),
      ['0/1', 'Completed', '0'],
    ],
    [
      'NodeLost while deleting → Unknown',
      pod(
        one,
        { phase: 'Running', reason: 'NodeLost', containerStatuses: [running('a')] },
        { deletionTimestamp: ago(1) },
      ),
      ['1/1', 'Unknown', '0'],
    ],
    [
      'RESTARTS from the latest termination',
      pod(two, {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'a',
            ready: true,
            restartCount: 2,
            state: { running: {} },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(300) } },
          },
          {
            name: 'b',
            ready: true,
            restartCount: 1,
            state: { running: {} },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(75) } },
          },
        ],
      }),
      ['2/2', 'Running', '3 (75s ago)'],
    ],
  ])('%s', (_name, p, want) => {
    expect(podStatusCells(p, NOW)).toEqual(want)
  })
})
