import { describe, expect, it } from 'vitest'
import { decodePayload, payloadFromJson } from './codec.ts'
import { CURRENT_VERSION } from './payload.ts'

/**
 * Links exactly as format 1 (the first release) wrote them. They are frozen text: if a change
 * stops one of them opening, the change is wrong, not the fixture.
 */
const V1 = {
  scenarioWithTabs:
    's=1.PY4xTwMxDIX_SuS5x1ExIEViAWZGFq6De3kc0SVOlLilpep_J-nQ0fbn970LHcluNxRYFrL09zO8fdCG1GtAm19LWiHmF_u2rDOEi09kLzSHQ1WUhqyHPdjFfgcc2ecNffuA2qn293DmGBrG2X-iVJ_EGs65jsftJKsXZ807ckjnCNFJIpQdK9tJjBGOsF0-CV27v_isZL9uzlmDmQtYYdw9oMNmGHzkBS-yeDlZl1AlKU6-ai8ZgGyeHmnXElOG9LyxpKTjve3u-g8',
  lessonStepAndScenario:
    's=1.FYwxDoUwDEPv4vn_AcbephSDIkqKmoKEUO9O2Gw_2w8uhOGHHHVFABWuaVYU4YHMns08crl3avsvUq15wxoPJ5ZiJrr7RI1VyrdJ-XRcHe-isp0TvwHpV2PvLw',
  lessonOnly: 's=1.q1YqU7Iy1FHKSS0uzs9TsqpWykxRslJKSS3Iya_MTc0r0U3LLCouUaqtBQA',
}

describe('link format migrations', () => {
  it('the current format is 2', () => {
    expect(CURRENT_VERSION).toBe(2)
  })

  it('opens a format 1 scenario link, its open files becoming editor tabs', () => {
    expect(decodePayload(V1.scenarioWithTabs)).toEqual({
      ok: true,
      payload: {
        v: 2,
        lang: 'zh-CN',
        title: 'Broken web',
        scenario: {
          cluster: 'kubeadm',
          seed: 7,
          files: { 'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' },
          script: ['kubectl create deployment web --image=nginx:doesnotexist', 'sleep 30'],
        },
        tabs: [{ path: '/root/web.yaml' }],
      },
    })
  })

  it('opens format 1 links that name a course lesson and step', () => {
    expect(decodePayload('#' + V1.lessonStepAndScenario)).toEqual({
      ok: true,
      payload: {
        v: 2,
        lang: 'en',
        lesson: { id: 'deployment-first', step: 'scale' },
        scenario: { cluster: 'minikube', seed: 2 },
      },
    })
    expect(decodePayload(V1.lessonOnly)).toEqual({
      ok: true,
      payload: { v: 2, lesson: { id: 'deployment-first' } },
    })
  })

  it('refuses a format 1 link whose old fields were hostile, after the upgrade as before it', () => {
    expect(payloadFromJson(1, { v: 1, scenario: { seed: 1 }, open: [3] })).toEqual({
      ok: false,
      error: "the link's content is not valid: each tab must be {path, content?}",
    })
    expect(payloadFromJson(1, { v: 1, scenario: { seed: 1 }, open: 'x' })).toMatchObject({
      ok: false,
    })
    expect(payloadFromJson(1, [1])).toEqual({
      ok: false,
      error: "the link's content is not valid: expected an object",
    })
    expect(payloadFromJson(2, { v: 2, scenario: {}, open: [] })).toEqual({
      ok: false,
      error: `the link's content is not valid: unknown field "open"`,
    })
  })
})
