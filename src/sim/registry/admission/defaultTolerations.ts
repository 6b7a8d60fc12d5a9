import type { KObject } from '../../api/types.ts'
import { registerAdmission } from '../../apiserver/strategy.ts'

const TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']

/** plugin/pkg/admission/defaulttolerationseconds: tolerate NotReady/Unreachable for 300 s. */
registerAdmission({
  name: 'DefaultTolerationSeconds',
  admit(op, obj: KObject, _old, ctx) {
    if (op !== 'CREATE' || ctx.info.id !== 'pods' || !obj.spec) return
    const tolerations = [...(obj.spec.tolerations ?? [])]
    for (const key of TAINTS) {
      const covered = tolerations.some(
        (t) =>
          (t.key === key || (!t.key && t.operator === 'Exists')) &&
          (!t.effect || t.effect === 'NoExecute'),
      )
      if (!covered)
        tolerations.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 })
    }
    obj.spec.tolerations = tolerations
  },
})
